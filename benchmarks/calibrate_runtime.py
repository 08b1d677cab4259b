"""Measure the per-unit costs behind convflip's method choice (the constants in ``_costs``).

Usage: ``python benchmarks/calibrate_runtime.py [--rounds N] [--clock cpu|wall]``

Every engine is called directly on the same cells (64² to 1024² images, kernels 3 to 63,
float64 and float32), one thread each (``CONVFLIP_WORKERS=1``, ``cv2.setNumThreads(1)``), in
interleaved rounds; the median time is divided by the engine's unit of work:

* direct shift-and-add, ndimage, cv2.filter2D's direct loop: per multiply-add of the output;
* separable passes (numpy, cv2.sepFilter2D): per multiply-add of the passes
  (``_separable.pass_work``); banded BLAS passes: per multiply-add BLAS performs, the band's
  zeros included (``_banded.work``);
* FFT: per unit of ``_costs.fft_cost``'s work (``n (log2 n + 4)`` per transform, two
  image-sized transforms and the kernel's, tiles included).

The default clock is the process CPU time, so the constants stay meaningful on a machine
shared with other work (wall time there measures the other work too). Per engine the script
prints the median, the spread (25th-75th percentile) over the cells, and the constant
``_costs`` holds now. ``--choice`` then checks the model itself: per cell, ``conv2d``'s
``method='auto'`` against ``'direct'`` and ``'fft'`` (accelerator off and on, Gaussian and
random kernels, default threads, wall clock: process CPU time would charge OpenCV's
threads twice), and the ratio of auto to the fastest of them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ["CONVFLIP_WORKERS"] = "1"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one BLAS thread too (read at numpy load)
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runtime"))

import numpy as np
from convflip import _banded, _costs, _direct, _fft, _separable, _small
from convflip._direct import PaddedImage

try:
    import cv2

    cv2.setNumThreads(1)
except ImportError:  # the accelerator extra is optional
    cv2 = None

SIZES = [64, 256, 1024]
KERNELS = [3, 7, 15, 31, 63]
DTYPES = ["float64", "float32"]


def engines(x: np.ndarray, m: int):
    """name -> (callable, units of work) for one 'same' cell with a rank-1 kernel."""
    n = x.shape[0]
    d = x.dtype
    g = np.exp(-(np.linspace(-2, 2, m) ** 2)).astype(d) + 0.1
    k = np.outer(g, g)
    p = m // 2
    pads = ((p, m - 1 - p), (p, m - 1 - p))
    taps_work = m * m * n * n
    sep_work = _separable.pass_work(m, m, n + m - 1, (n, n), 1)
    tiles = _fft.plan((n, n), pads, (m, m), 1, False, True)
    # the model's unit: two image-sized transforms and the kernel's (``_costs.fft_cost``)
    fft_work = 2 * _fft.plan_cost(tiles, 1) + _fft.plan_cost(tiles, 1) / tiles.tiles()
    src = lambda: PaddedImage(x, pads, "fill", 0, d)  # noqa: E731
    table = {
        "direct": (lambda: _direct.correlate_valid(src(), k, (), d), taps_work),
        "separable (numpy)": (
            lambda: _separable.correlate_valid(src(), [(g, g)], (), d),
            sep_work,
        ),
        "fft": (lambda: _fft.correlate_valid(src(), k, (), tiles), fft_work),
        "separable (blas)": (
            lambda: _banded.column_pass(_banded.row_pass(src().materialize(), g), g),
            _banded.work(m, m, n + m - 1, (n, n), d),
        ),
    }
    if taps_work <= _small.MAX_WORK:
        table["ndimage"] = (
            lambda: _small.correlate(x, k, pads, "fill", 0, (n, n), d),
            taps_work,
        )
    if cv2 is not None:
        table["separable (cv2)"] = (
            lambda: cv2.sepFilter2D(x, -1, g, g, borderType=cv2.BORDER_CONSTANT),
            sep_work,
        )
        if m * m < {np.dtype(np.float64): 50, np.dtype(np.float32): 130}[d]:
            table["cv2 direct"] = (
                lambda: cv2.filter2D(x, -1, k, borderType=cv2.BORDER_CONSTANT),
                taps_work,
            )
    if taps_work > 1 << 29:  # a direct sum that would take minutes
        del table["direct"]
    return table


def measure(table, rounds: int, clock) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in table}
    for fn, _ in table.values():
        fn()  # warm-up (plans, caches)
    for _ in range(rounds):
        order = list(table)
        random.shuffle(order)
        for name in order:
            reps = 1
            t0 = clock()
            table[name][0]()
            elapsed = clock() - t0
            while elapsed < 2e-3 and reps < 64:  # short calls: repeat for the clock's sake
                reps *= 4
                t0 = clock()
                for _ in range(reps):
                    table[name][0]()
                elapsed = (clock() - t0) / reps
            times[name].append(elapsed)
    return {name: statistics.median(ts) for name, ts in times.items()}


CONSTANTS = {
    ("direct", "float64"): _costs.COST["direct"],
    ("direct", "float32"): _costs.COST["direct_f32"],
    ("separable (numpy)", "float64"): _costs.COST["direct"],
    ("separable (numpy)", "float32"): _costs.COST["direct_f32"],
    ("ndimage", "float64"): _costs.COST["ndimage"],
    ("ndimage", "float32"): _costs.COST["ndimage"],
    # the FFT's unit rises with the spectrum's size (``_costs.FFT_UNITS``): the cache-resident one
    ("fft", "float64"): _costs.FFT_UNITS["fft"][0][1],
    ("fft", "float32"): _costs.FFT_UNITS["fft_f32"][0][1],
    # the BLAS passes' unit falls with the kernel length (``_costs.blas_unit``): at k = 15
    ("separable (blas)", "float64"): _costs.blas_unit(np.dtype(np.float64), 15),
    ("separable (blas)", "float32"): _costs.blas_unit(np.dtype(np.float32), 15),
    ("separable (cv2)", "float64"): _costs.sep_cv2_unit(np.dtype(np.float64), 15),
    ("separable (cv2)", "float32"): _costs.sep_cv2_unit(np.dtype(np.float32), 15),
    ("cv2 direct", "float64"): _costs.CV2_DIRECT_COST[np.dtype(np.float64)],
    ("cv2 direct", "float32"): _costs.CV2_DIRECT_COST[np.dtype(np.float32)],
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--clock", choices=["cpu", "wall"], help="default: cpu, and wall for --choice"
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--choice", action="store_true", help="only the method-choice check")
    parser.add_argument("--engines", help="comma-separated engine names to time (default: all)")
    parser.add_argument("--kernels", default=",".join(map(str, KERNELS)))
    parser.add_argument(
        "--one-thread",
        action="store_true",
        help="--choice on one thread (convflip and OpenCV), to be timed with --clock cpu",
    )
    args = parser.parse_args(argv)
    args.clock = args.clock or ("wall" if args.choice else "cpu")
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"clock {args.clock}, one thread, load average {os.getloadavg()[0]:.1f}")
    if args.choice:
        kernels = [int(k) for k in args.kernels.split(",")]
        choice_check(sizes, args.rounds, clock, args.one_thread, kernels)
        return
    rng = np.random.default_rng(0)
    per_unit: dict[tuple[str, str], list[float]] = {}
    for n in sizes:
        for m in [int(k) for k in args.kernels.split(",")]:
            for dtype in DTYPES:
                x = rng.standard_normal((n, n)).astype(dtype)
                table = engines(x, m)
                if args.engines:
                    keep = set(args.engines.split(","))
                    table = {name: entry for name, entry in table.items() if name in keep}
                med = measure(table, args.rounds, clock)
                cells = []
                for name, t in sorted(med.items(), key=lambda item: item[1]):
                    units = table[name][1]
                    per_unit.setdefault((name, dtype), []).append(t / units)
                    cells.append(f"{name} {t * 1e3:.3f}")
                print(f"{dtype:>7} {n:>4}² {m:>2}²: " + ", ".join(cells) + " ms", flush=True)
    print("\nengine, dtype: measured seconds per unit (median [25%, 75%] over cells) | _costs now")
    for (name, dtype), values in sorted(per_unit.items()):
        q = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
        now = CONSTANTS.get((name, dtype))
        print(
            f"  {name:<18} {dtype:<8} {statistics.median(values):.3e} [{q[0]:.2e}, {q[2]:.2e}]"
            f" | {now:.3e}"
            if now
            else ""
        )


def choice_check(sizes, rounds: int, clock, one_thread: bool = False, kernels=KERNELS) -> None:
    """auto vs the best forced method, per cell; the goal is auto <= 1.10x of the best.
    ``one_thread`` keeps convflip and OpenCV on one thread (then the CPU clock is fair)."""
    import convflip

    if not one_thread:
        del os.environ["CONVFLIP_WORKERS"]
        if cv2 is not None:
            cv2.setNumThreads(-1)
    rng = np.random.default_rng(2)
    ratios = []
    for n in sizes:
        for m in kernels:
            for dtype in DTYPES:
                x = rng.standard_normal((n, n)).astype(dtype)
                g = np.exp(-(np.linspace(-2, 2, m) ** 2)) + 0.1
                for kind, k in (("rank-1", np.outer(g, g)), ("random", rng.random((m, m)))):
                    k = k.astype(dtype)
                    for accel in [False, True] if cv2 is not None else [False]:
                        table = {
                            meth: (
                                lambda meth=meth, accel=accel, x=x, k=k: _forced(
                                    convflip, x, k, meth, accel
                                ),
                                1,
                            )
                            for meth in ("auto", "direct", "fft")
                        }
                        if m * m * n * n > 1 << 29:
                            del table["direct"]
                        med = measure(table, rounds, clock)
                        best = min(med, key=med.get)
                        ratio = med["auto"] / med[best]
                        ratios.append(ratio)
                        print(
                            f"{dtype:>7} {n:>4}² {m:>2}² {kind:<7} accel={accel!s:<5} "
                            + ", ".join(f"{a} {t * 1e3:.3f}" for a, t in med.items())
                            + f" ms | auto/best {ratio:.2f}",
                            flush=True,
                        )
    ok = sum(r <= 1.10 for r in ratios)
    print(f"\ncells where auto is within 1.10x of the best forced method: {ok}/{len(ratios)}")


def _forced(convflip, x, k, method, accel):
    convflip.set_accelerator(accel)
    try:
        return convflip.conv2d(x, k, "same", method=method)
    finally:
        convflip.set_accelerator(None)


if __name__ == "__main__":
    main()
