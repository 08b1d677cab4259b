# eval-label: buggy
# eval-expect: CNV403@12
# eval-why: integer counts go through fftconvolve, whose float result is truncated with astype(np.int64) and then compared exactly with the direct integer convolution
# eval-fix: .astype(np.int64) => .round().astype(np.int64)
import numpy as np
from scipy.signal import convolve2d, fftconvolve

rng = np.random.default_rng(26)
counts = rng.integers(0, 50, size=(64, 64))          # photon counts per pixel
binning = rng.integers(0, 4, size=(5, 5))            # integer weights

fast = fftconvolve(counts, binning).astype(np.int64)
exact = convolve2d(counts, binning)
print("mismatching pixels:", np.count_nonzero(fast != exact))
print("EVAL-RESULT:", "agree" if np.array_equal(fast, exact) else "differ")
