# eval-label: clean
# eval-why: the blur PSF is a Gaussian built as an outer product of a symmetric window, so correlating with it equals convolving with it
"""Defocus augmentation: blur each tile with a Gaussian PSF of random width."""

import numpy as np
from scipy import ndimage, signal


def gaussian_psf(sigma, radius=3):
    g = signal.windows.gaussian(2 * radius + 1, sigma)
    psf = np.outer(g, g)
    return psf / psf.sum()


def defocus(tile, sigma):
    """Convolve the tile with the defocus PSF (zero border)."""
    return signal.correlate2d(tile, gaussian_psf(sigma), mode="same")


if __name__ == "__main__":
    rng = np.random.default_rng(19)
    tile = rng.random((16, 18))
    psf = gaussian_psf(1.3)
    ok = np.allclose(defocus(tile, 1.3), ndimage.convolve(tile, psf, mode="constant"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
