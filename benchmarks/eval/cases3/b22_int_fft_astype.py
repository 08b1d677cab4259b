# eval-label: buggy
# eval-expect: CNV403@13|17
# eval-why: integer image and kernel go through fftconvolve, whose float result is truncated with astype and compared exactly with the direct integer convolution
# eval-fix: fftconvolve(a, b, mode="full").astype(np.int64) => fftconvolve(a, b, mode="full").round().astype(np.int64)
import numpy as np
from scipy.signal import convolve2d, fftconvolve

rng = np.random.default_rng(2)
a = rng.integers(0, 256, size=(64, 64))
b = rng.integers(-3, 4, size=(5, 5))

exact = convolve2d(a, b, mode="full")
fast = fftconvolve(a, b, mode="full").astype(np.int64)

n_bad = int(np.count_nonzero(fast != exact))
print("entries off:", n_bad)
print("EVAL-RESULT:", "agree" if np.array_equal(fast, exact) else "differ")
