# eval-label: buggy
# eval-expect: CNV203@9
# eval-why: the fast blur lambda reverses the PSF before fftconvolve, so it computes a correlation while the slow convolve2d reference convolves
# eval-fix: k[::-1, ::-1], mode="full" => k, mode="full"
import numpy as np
from scipy.signal import convolve2d, fftconvolve

# fast blur for large frames; convolve2d is the slow reference
blur = lambda a, k: fftconvolve(a, k[::-1, ::-1], mode="full")

rng = np.random.default_rng(5)
frame = rng.random((32, 30))
psf = np.array([[0.0, 0.1, 0.0], [0.1, 0.4, 0.3], [0.0, 0.1, 0.0]]).reshape(3, 3)
fast = blur(frame, psf)
slow = convolve2d(frame, psf)
err = np.max(np.abs(fast - slow))
print(f"max error {err:.2e}")
print("EVAL-RESULT:", "agree" if err < 1e-10 else "differ")
