# eval-label: clean
# eval-why: integer data through fftconvolve is rounded with np.rint before the exact comparison, which is exact at these magnitudes
import numpy as np
from scipy.signal import convolve2d, fftconvolve

counts = np.random.default_rng(14).integers(0, 1000, size=(48, 48))
stamp = np.array([[0, 1, 2], [1, 3, 1], [2, 1, 0]], dtype=np.int64)

direct = convolve2d(counts, stamp)
via_fft = np.rint(fftconvolve(counts, stamp)).astype(np.int64)
print("EVAL-RESULT:", "agree" if np.array_equal(direct, via_fft) else "differ")
