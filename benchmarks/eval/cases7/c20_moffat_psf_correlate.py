# eval-label: clean
# eval-why: the Moffat PSF is built from the radius alone, so it equals its own 180-degree rotation and correlate2d gives the same blur as the documented convolution
"""Seeing-limited mock frames: sky convolved with a Moffat PSF."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


def moffat(size=9, alpha=1.8, beta=2.5):
    c = (size - 1) / 2
    y, x = np.mgrid[0:size, 0:size] - c
    psf = (1 + (x ** 2 + y ** 2) / alpha ** 2) ** (-beta)
    return psf / psf.sum()


def observe(sky, psf):
    """Image formation: the sky convolved with the PSF."""
    return correlate2d(sky, psf, mode="same")


rng = np.random.default_rng(31)
sky = np.zeros((40, 40))
sky[rng.integers(0, 40, 12), rng.integers(0, 40, 12)] = rng.uniform(10, 100, 12)
psf = moffat()
print("EVAL-RESULT:", "agree" if np.allclose(observe(sky, psf), convolve2d(sky, psf, "same")) else "differ")
