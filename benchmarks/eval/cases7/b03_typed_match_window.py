# eval-label: buggy
# eval-expect: CNV101@52|53
# eval-why: the match-statement filter computes window sums (a cross-correlation) and the self-test compares them with signal.convolve of the same asymmetric kernel
# eval-fix: reference = signal.convolve(frame, kernel, mode=mode) => reference = signal.correlate(frame, kernel, mode=mode)
"""Tiny typed filtering helper used by the preview pipeline."""
from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import signal

Mode = Literal["valid", "full"]


def window_filter(frame: NDArray[np.float64], kernel: NDArray[np.float64], mode: Mode) -> NDArray[np.float64]:
    kh, kw = kernel.shape
    match mode:
        case "valid":
            src = frame
        case "full":
            src = np.pad(frame, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
        case _:
            raise ValueError(mode)
    rows, cols = src.shape[0] - kh + 1, src.shape[1] - kw + 1
    out = np.zeros((rows, cols))
    for r in range(rows):
        for c in range(cols):
            if (patch := src[r:r + kh, c:c + kw]).shape == kernel.shape:
                out[r, c] = (patch * kernel).sum()
    return out


def normalise(frame: NDArray[np.float64]) -> NDArray[np.float64]:
    lo, hi = np.percentile(frame, [1, 99])
    return np.clip((frame - lo) / (hi - lo + 1e-12), 0.0, 1.0)


def preview(frame: NDArray[np.float64], kernel: NDArray[np.float64]) -> NDArray[np.float64]:
    """Sharpened preview for the operator's screen."""
    detail = window_filter(normalise(frame), kernel, "full")
    return normalise(detail)


def self_test(seed: int = 0) -> bool:
    rng = np.random.default_rng(seed)
    frame = rng.standard_normal((12, 14))
    kernel = np.array([[1.0, 2.0], [0.0, -1.0], [4.0, 0.5]])
    for mode in ("valid", "full"):
        result = window_filter(frame, kernel, mode)
        reference = signal.convolve(frame, kernel, mode=mode)
        if not np.allclose(result, reference):
            return False
    return True


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="filter self-test")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args([])
    print("EVAL-RESULT:", "agree" if self_test(args.seed) else "differ")
