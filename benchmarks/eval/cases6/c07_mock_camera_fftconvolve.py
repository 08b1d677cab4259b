# eval-label: clean
# eval-why: image formation convolves the scene with the asymmetric coma PSF (fftconvolve), and a point source comes out as the PSF itself
"""Mock sky images for the PSF-fitting tests (noise-free part)."""

import numpy as np
from scipy.signal import fftconvolve


def coma_psf(size=7, sigma=1.0):
    c = size // 2
    y, x = np.mgrid[-c : c + 1, -c : c + 1].astype(float)
    psf = np.exp(-(x**2 + y**2) / (2 * sigma**2)) + 0.5 * np.exp(-((x - 2) ** 2 + y**2) / 3.0) * (x > 0)
    return psf / psf.sum()


class SkyModel:
    """The observed image is the scene convolved with the PSF, plus the sky level."""

    def __init__(self, psf, sky=5.0):
        self.psf = psf
        self.sky = sky

    def render(self, scene):
        return fftconvolve(scene, self.psf, mode="same") + self.sky


if __name__ == "__main__":
    psf = coma_psf()
    model = SkyModel(psf)
    scene = np.zeros((25, 25))
    scene[9, 14] = 1.0
    img = model.render(scene) - model.sky
    print("EVAL-RESULT:", "agree" if np.allclose(img[6:13, 11:18], psf, atol=1e-12) else "differ")
