# eval-label: clean
# eval-why: integer data through fftconvolve is compared with a tolerance after rounding, which is valid for small values.
import numpy as np
from scipy.signal import convolve2d, fftconvolve

img = np.random.default_rng(0).integers(0, 50, size=(64, 64))
k = np.random.default_rng(1).integers(-3, 4, size=(7, 7))

fast = np.rint(fftconvolve(img, k)).astype(np.int64)
direct = convolve2d(img, k)
ok = np.array_equal(fast, direct) and np.allclose(fftconvolve(img, k), direct)

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if ok else "differ")
