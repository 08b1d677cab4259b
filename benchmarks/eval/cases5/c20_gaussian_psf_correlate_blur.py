# eval-label: clean
# eval-why: A Gaussian PSF built as an outer product of a symmetric window equals its own rotation, so correlation and convolution agree.
"""Blur a frame with a Gaussian PSF (optics simulation)."""
import numpy as np
from scipy.signal import correlate2d, convolve2d


def gaussian_psf(size=7, sigma=1.3):
    ax = np.arange(size) - (size - 1) / 2
    g = np.exp(-0.5 * (ax / sigma) ** 2)
    psf = np.outer(g, g)
    return psf / psf.sum()


def blur(frame, psf):
    # the PSF is symmetric, so correlating is the same as convolving with it
    return correlate2d(frame, psf, mode="same", boundary="symm")


rng = np.random.default_rng(7)
frame = rng.random((20, 24))
psf = gaussian_psf()
ok = np.allclose(blur(frame, psf), convolve2d(frame, psf, mode="same", boundary="symm"))
print("EVAL-RESULT:", "agree" if ok else "differ")
