# eval-label: buggy
# eval-expect: CNV202@34
# eval-why: the documented image formation convolves the sky with the PSF, but correlate2d applies the coma-like PSF unrotated, so every star is smeared the wrong way
# eval-fix: return correlate2d(sky, self.optics.psf, mode="same") => return convolve2d(sky, self.optics.psf, mode="same")
"""Mock exposures for the guider: image formation through a simple optical model."""
import logging
from collections import namedtuple

import numpy as np
from scipy.signal import convolve2d, correlate2d

Optics = namedtuple("Optics", ["psf", "gain", "read_noise"])


def coma_psf(size=7, tail=(1, 2)):
    """A compact core with a one-sided coma tail towards +tail."""
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
        """Convolve the sky with the point-spread function (image formation)."""
        return correlate2d(sky, self.optics.psf, mode="same")

    def observe(self, sky, noisy=True):
        img = self.optics.gain * self.blurred(sky)
        if noisy:
            img = img + self.optics.read_noise * self.rng.standard_normal(img.shape)
        return img


def aperture_flux(img, r, c, radius=3):
    """Sum of the pixels inside a circular aperture (for the guider's centroid loop)."""
    yy, xx = np.ogrid[: img.shape[0], : img.shape[1]]
    mask = (yy - r) ** 2 + (xx - c) ** 2 <= radius ** 2
    return float(img[mask].sum())


def centroid(img):
    total = img.sum()
    yy, xx = np.indices(img.shape)
    return float((yy * img).sum() / total), float((xx * img).sum() / total)


def star_field(shape=(32, 32), stars=((8, 9, 100.0), (20, 14, 60.0), (25, 26, 30.0))):
    sky = np.zeros(shape)
    for r, c, flux in stars:
        sky[r, c] = flux
    return sky


if __name__ == "__main__":
    optics = Optics(psf=coma_psf(), gain=1.0, read_noise=2.5)
    exp = Exposure(optics, seed=1)
    sky = star_field()
    model = exp.observe(sky, noisy=False)
    logging.getLogger("guider").info("flux %.1f centroid %s", aperture_flux(model, 8, 9), centroid(model))
    physical = optics.gain * convolve2d(sky, optics.psf, mode="same")
    print("EVAL-RESULT:", "agree" if np.allclose(model, physical) else "differ")
