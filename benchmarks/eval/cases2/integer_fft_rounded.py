# eval-label: clean
# eval-why: integer counts go through fftconvolve but the float result is rounded before the integer conversion, so the exact comparison holds
import numpy as np
from scipy.signal import convolve2d, fftconvolve

rng = np.random.default_rng(43)
hist = rng.integers(0, 40, size=(48, 48))
weights = rng.integers(0, 5, size=(7, 7))

smoothed = np.rint(fftconvolve(hist, weights)).astype(np.int64)
direct = convolve2d(hist, weights)
print("EVAL-RESULT:", "agree" if np.array_equal(smoothed, direct) else "differ")
