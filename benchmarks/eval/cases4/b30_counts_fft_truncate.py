# eval-label: buggy
# eval-expect: CNV403@13
# eval-why: fftconvolve returns floats such as 11.999999999999998 for integer counts; astype truncates them, so the exact comparison with convolve2d fails
# eval-fix: .astype(np.int64) => .round().astype(np.int64)
import numpy as np
from scipy.signal import convolve2d, fftconvolve

rng = np.random.default_rng(42)
counts = rng.integers(0, 50, size=(40, 40))
stencil = rng.integers(0, 4, size=(5, 5))

# neighbourhood counts; fftconvolve is much faster on the full-size maps
fast = fftconvolve(counts, stencil, mode="same").astype(np.int64)
exact = convolve2d(counts, stencil, mode="same")
mism = np.count_nonzero(fast != exact)
print("mismatching cells:", mism)
print("EVAL-RESULT:", "agree" if np.array_equal(fast, exact) else "differ")
