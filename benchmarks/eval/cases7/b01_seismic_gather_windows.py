# eval-label: buggy
# eval-expect: CNV101@69|70
# eval-why: the generator's window sums are a cross-correlation of the gather with the dip operator, but the regression test holds them against convolve2d, which rotates the asymmetric operator 180 degrees
# eval-fix: expected = convolve2d(gather, op, "valid") => expected = convolve2d(gather, op[::-1, ::-1], "valid")
"""Local slant-stack (dip scan) on a shot gather.

The gather is laid out (n_traces, n_samples).  For every output cell we take the
window of traces/samples under the operator and form a weighted sum; the weights
come from a small dip operator built by ``dip_operator``.
"""
from __future__ import annotations

import logging
from typing import Iterator

import numpy as np
from scipy.signal import convolve2d

log = logging.getLogger("slantstack")

SAMPLE_RATE_HZ = 500.0
TRACE_SPACING_M = 12.5


def dip_operator(n_tr: int, n_t: int, slope: float) -> np.ndarray:
    """Weights along a line t = slope * x, tapered towards the edges."""
    op = np.zeros((n_tr, n_t))
    for tr in range(n_tr):
        t = slope * tr
        lo = int(np.floor(t))
        frac = t - lo
        if 0 <= lo < n_t:
            op[tr, lo] += 1.0 - frac
        if 0 <= lo + 1 < n_t:
            op[tr, lo + 1] += frac
    taper = np.hanning(n_tr + 2)[1:-1]
    return op * taper[:, None]


def iter_windows(gather: np.ndarray, shape: tuple[int, int]) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield (trace, sample, window) for every full window of the gather."""
    kh, kw = shape
    for tr in range(gather.shape[0] - kh + 1):
        for s in range(gather.shape[1] - kw + 1):
            yield tr, s, gather[tr:tr + kh, s:s + kw]


def slant_stack(gather: np.ndarray, op: np.ndarray) -> np.ndarray:
    """Stack the gather along the operator's dip at every position."""
    out = np.zeros((gather.shape[0] - op.shape[0] + 1, gather.shape[1] - op.shape[1] + 1))
    for tr, s, win in iter_windows(gather, op.shape):
        out[tr, s] = (win * op).sum()
    log.debug("stacked %d cells", out.size)
    return out


def synthetic_gather(n_tr: int = 24, n_t: int = 60, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    g = 0.05 * rng.standard_normal((n_tr, n_t))
    for tr in range(n_tr):
        g[tr, 10 + tr // 2] += 1.0
    return g


def test_slant_stack_matches_scipy() -> bool:
    gather = synthetic_gather()
    op = dip_operator(5, 4, slope=0.6)
    got = slant_stack(gather, op)
    expected = convolve2d(gather, op, "valid")
    return bool(np.allclose(got, expected, atol=1e-12))


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    ok = test_slant_stack_matches_scipy()
    print("dt =", 1.0 / SAMPLE_RATE_HZ, "dx =", TRACE_SPACING_M)
    print("EVAL-RESULT:", "agree" if ok else "differ")
