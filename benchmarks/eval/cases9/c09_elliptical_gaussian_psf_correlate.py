# eval-label: clean
# eval-why: the tilted elliptical Gaussian PSF satisfies psf(-x, -y) = psf(x, y), so correlating with it equals convolving, and the impulse and convolve2d checks agree
"""Telescope image simulator with an astigmatic (tilted elliptical) PSF.

Image formation: observed = scene convolved with the PSF, plus sky.
The PSF is point-symmetric, so the renderer may use correlate2d.
"""
from collections import namedtuple

import numpy as np
from scipy.signal import convolve2d, correlate2d

Seeing = namedtuple("Seeing", "size sigma_major sigma_minor angle_deg")


def elliptical_gaussian(seeing):
    """Gaussian with its major axis tilted by angle_deg; normalised to unit sum."""
    h = seeing.size // 2
    y, x = np.mgrid[-h:h + 1, -h:h + 1].astype(float)
    a = np.deg2rad(seeing.angle_deg)
    u = x * np.cos(a) + y * np.sin(a)
    v = -x * np.sin(a) + y * np.cos(a)
    psf = np.exp(-0.5 * ((u / seeing.sigma_major) ** 2 + (v / seeing.sigma_minor) ** 2))
    return psf / psf.sum()


class SkyRenderer:
    def __init__(self, seeing=Seeing(9, 2.2, 0.9, 35.0), sky=12.0):
        self.psf = elliptical_gaussian(seeing)
        self.sky = sky

    def render(self, scene):
        """Scene convolved with the PSF (symmetric, so correlation is the same)."""
        return correlate2d(scene, self.psf, mode="same") + self.sky

    def stars(self, shape, catalogue):
        scene = np.zeros(shape)
        for (r, c), flux in catalogue.items():
            scene[r, c] = flux
        return scene


def checks(renderer):
    scene = renderer.stars((25, 25), {(12, 12): 1.0})
    impulse = renderer.render(scene) - renderer.sky
    h = renderer.psf.shape[0] // 2
    ok = np.allclose(impulse[12 - h:12 + h + 1, 12 - h:12 + h + 1], renderer.psf)
    field = renderer.stars((30, 40), {(5, 7): 300.0, (20, 31): 120.0, (14, 2): 80.0})
    ok &= np.allclose(renderer.render(field) - renderer.sky,
                      convolve2d(field, renderer.psf, mode="same"))
    return bool(ok)


if __name__ == "__main__":
    r = SkyRenderer()
    print("psf peak:", round(float(r.psf.max()), 4))
    print("EVAL-RESULT:", "agree" if checks(r) else "differ")
