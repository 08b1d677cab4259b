"""What convflip.identify and check_conv_gradients cost: calls of fn and time per probe.

For a few functions written the usual ways, prints how many times ``identify`` called the
function, the median time of one ``identify`` and its ratio to the time of the function's
own calls at the probe size (the overhead identify adds on top of running ``fn``). Then the
same for ``check_conv_gradients`` on a single-channel and a multi-channel layer.

    python benchmarks/identify_cost.py [--rounds 50] [--image-shape 9x9] [--kernel-shape 3x3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import scipy.ndimage as nd
import scipy.signal as ss
from convflip import identify, xcorr2d
from convflip.testing import check_conv_gradients


def _hand_window(x, k):
    kh, kw = k.shape
    rows, cols = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    return np.array(
        [[(x[i : i + kh, j : j + kw] * k).sum() for j in range(cols)] for i in range(rows)]
    )


FUNCTIONS = {
    "convolve2d valid": lambda x, k: ss.convolve2d(x, k, "valid"),
    "correlate2d same symm": lambda x, k: ss.correlate2d(x, k, "same", "symm"),
    "ndimage.correlate": lambda x, k: nd.correlate(x, k),
    "fftconvolve same": lambda x, k: ss.fftconvolve(x, k, "same"),
    "hand window loop": _hand_window,
}


def _median(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _shape(text: str) -> tuple[int, int]:
    rows, cols = (int(v) for v in text.lower().split("x"))
    return rows, cols


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--image-shape", type=_shape, default=(9, 9))
    parser.add_argument("--kernel-shape", type=_shape, default=(3, 3))
    args = parser.parse_args()
    shape, kshape = args.image_shape, args.kernel_shape
    x, k = np.random.default_rng(0).standard_normal(shape), np.ones(kshape)
    print(f"identify on a {shape} image, {kshape} kernel; median of {args.rounds} rounds")
    print(f"{'function':<24} {'calls':>5} {'identify':>11} {'fn x calls':>11} {'ratio':>6}")
    for name, fn in FUNCTIONS.items():
        ident = identify(fn, shape, kshape)
        took = _median(lambda fn=fn: identify(fn, shape, kshape), args.rounds)
        own = _median(lambda fn=fn: fn(x, k), args.rounds) * ident.calls
        print(
            f"{name:<24} {ident.calls:>5} {took * 1e3:>8.2f} ms {own * 1e3:>8.3f} ms "
            f"{took / own:>6.1f}"
        )

    def single_backward(x, w, dy):
        return ss.convolve2d(dy, w, "full"), ss.correlate2d(x, dy, "valid")

    def multi_forward(x, w):
        return xcorr2d(x[None], w, "valid").sum(axis=1)

    def multi_backward(x, w, dy):
        dx = xcorr2d(dy[:, None], w[..., ::-1, ::-1], "full").sum(axis=0)
        return dx, xcorr2d(x[None], dy[:, None], "valid")

    layers = {
        "single channel": (
            lambda x, w: ss.correlate2d(x, w, "valid"),
            single_backward,
            shape,
            kshape,
        ),
        "multi (2,9,9)/(3,2,3,3)": (multi_forward, multi_backward, (2, 9, 9), (3, 2, 3, 3)),
    }
    print("\ncheck_conv_gradients (right layers; a wrong one adds the mistake search)")
    for name, (forward, backward, xs, ws) in layers.items():
        took = _median(
            lambda f=forward, b=backward, a=xs, c=ws: check_conv_gradients(f, b, a, c), 5
        )
        print(f"{name:<24} {took * 1e3:>8.2f} ms")


if __name__ == "__main__":
    main()
