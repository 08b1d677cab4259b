# eval-label: clean
# eval-why: the even 4x4 box goes through convolve2d and fftconvolve in 'same' mode, which share the (m - 1) // 2 anchor, so the maps agree
"""Detection density map: the FFT fast path must match the direct reference."""

import numpy as np
from scipy import signal


def density(hits, cell=4, fast=False):
    box = np.ones((cell, cell)) / cell**2
    if fast:
        return signal.fftconvolve(hits, box, mode="same")
    return signal.convolve2d(hits, box, mode="same")


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    hits = np.zeros((40, 36))
    for r, c in rng.integers(0, 36, size=(80, 2)):
        hits[r, c] += 1
    ok = np.allclose(density(hits), density(hits, fast=True), atol=1e-12)
    print("EVAL-RESULT:", "agree" if ok else "differ")
