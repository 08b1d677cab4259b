# eval-label: clean
# eval-why: the image-formation model convolves the sky with the asymmetric coma PSF through fftconvolve (a true convolution), matching the physical model
"""Mock exposures for the guider (FFT back-end)."""
from collections import namedtuple

import numpy as np
from scipy.signal import convolve2d, fftconvolve

Optics = namedtuple("Optics", ["psf", "gain", "read_noise"])


def coma_psf(size=7, tail=(1, 2)):
    psf = np.zeros((size, size))
    c = size // 2
    psf[c, c] = 1.0
    for s in range(1, 4):
        psf[c + s * tail[0] // 2, c + s * tail[1] // 2] += 0.5 / s
    return psf / psf.sum()


class Exposure:
    """Observed frame = gain * (sky convolved with the optics' PSF) + noise."""

    def __init__(self, optics, seed=None):
        self.optics = optics
        self.rng = np.random.default_rng(seed)

    def blurred(self, sky):
        """Convolve the sky with the point-spread function."""
        return fftconvolve(sky, self.optics.psf, mode="same")

    def observe(self, sky, noisy=True):
        img = self.optics.gain * self.blurred(sky)
        if noisy:
            img = img + self.optics.read_noise * self.rng.standard_normal(img.shape)
        return img


def aperture_flux(img, r, c, radius=3):
    yy, xx = np.ogrid[: img.shape[0], : img.shape[1]]
    return float(img[(yy - r) ** 2 + (xx - c) ** 2 <= radius ** 2].sum())


def centroid(img):
    yy, xx = np.indices(img.shape)
    return float((yy * img).sum() / img.sum()), float((xx * img).sum() / img.sum())


def star_field(shape=(32, 32)):
    sky = np.zeros(shape)
    sky[8, 9], sky[20, 14], sky[25, 26] = 100.0, 60.0, 30.0
    return sky


if __name__ == "__main__":
    optics = Optics(psf=coma_psf(), gain=1.0, read_noise=2.5)
    sky = star_field()
    model = Exposure(optics, seed=1).observe(sky, noisy=False)
    physical = convolve2d(sky, optics.psf, mode="same")
    print("flux", aperture_flux(model, 8, 9), "centroid", centroid(model))
    print("EVAL-RESULT:", "agree" if np.allclose(model, physical) else "differ")
