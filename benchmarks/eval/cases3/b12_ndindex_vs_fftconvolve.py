# eval-label: buggy
# eval-expect: CNV101@16|25
# eval-why: the np.ndindex window loop is a cross-correlation but the speed-up it is validated against, fftconvolve, rotates the stencil
# eval-fix: fftconvolve(picture, stencil, => fftconvolve(picture, stencil[::-1, ::-1],
"""Benchmark: python loop vs FFT for a 5x3 stencil (results must match first)."""
import numpy as np
from scipy.signal import fftconvolve


def loop_filter(picture, stencil):
    rows = picture.shape[0] - stencil.shape[0] + 1
    cols = picture.shape[1] - stencil.shape[1] + 1
    slow = np.empty((rows, cols), dtype=np.float64)
    for pos in np.ndindex(rows, cols):
        r, c = pos
        slow[pos] = np.sum(picture[r:r + stencil.shape[0], c:c + stencil.shape[1]] * stencil)
    return slow


np.random.seed(17)
picture = np.random.rand(40, 33)
stencil = np.random.rand(5, 3) - 0.5

slow = loop_filter(picture, stencil)
fast = fftconvolve(picture, stencil, mode="valid")
same_result = np.allclose(slow, fast, atol=1e-10)
print("shapes", slow.shape, fast.shape)
print("EVAL-RESULT:", "agree" if same_result else "differ")
