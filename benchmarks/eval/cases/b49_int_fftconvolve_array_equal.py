# eval-label: buggy
# eval-expect: CNV403@11|13
# eval-why: fftconvolve of integer images returns float64 with rounding noise, so an exact comparison with the direct integer result fails.
# eval-fix: np.array_equal(fast, exact) => np.allclose(fast, exact)
import numpy as np
from scipy.signal import convolve2d, fftconvolve

counts = np.random.default_rng(0).integers(0, 50, size=(64, 64))
stencil = np.random.default_rng(1).integers(-3, 4, size=(7, 7))

fast = fftconvolve(counts, stencil, mode="full")
exact = convolve2d(counts, stencil, mode="full")
identical = np.array_equal(fast, exact)
print("fft result identical to direct:", identical)

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if identical else "differ")
