# eval-label: clean
# eval-why: the forward model is documented as a convolution and uses ndimage.correlate, but the elliptical Gaussian PSF built on np.mgrid is symmetric under a 180-degree rotation, so correlation and convolution coincide for every band
"""Drone multispectral simulator: optics blur of each band of an (H, W, C) cube.

The lens PSF is an axis-aligned elliptical Gaussian (wider along the flight
line because of residual vibration).  Each band is convolved with it.
"""
import numpy as np
from scipy import ndimage, signal

BANDS = ("green", "red", "red_edge", "nir")


def lens_psf(sigma_along=1.6, sigma_across=0.9, half=4):
    yy, xx = np.mgrid[-half:half + 1, -half:half + 1].astype(float)
    psf = np.exp(-0.5 * ((xx / sigma_along) ** 2 + (yy / sigma_across) ** 2))
    return psf / psf.sum()


class OpticsModel:
    def __init__(self, psf):
        self.psf = psf

    def apply(self, cube):
        """Image formation: every band convolved with the lens PSF."""
        out = np.empty_like(cube)
        for c in range(cube.shape[-1]):
            out[..., c] = ndimage.correlate(cube[..., c], self.psf, mode="constant")
        return out


def ndvi(cube):
    red, nir = cube[..., BANDS.index("red")], cube[..., BANDS.index("nir")]
    return (nir - red) / (nir + red + 1e-9)


rng = np.random.default_rng(14)
cube = rng.uniform(0.02, 0.6, (40, 50, len(BANDS)))
model = OpticsModel(lens_psf())
sim = model.apply(cube)
truth = np.stack([signal.convolve2d(cube[..., c], lens_psf(), mode="same")
                  for c in range(cube.shape[-1])], axis=-1)
ok = np.allclose(sim, truth) and np.allclose(ndvi(sim), ndvi(truth))
print("EVAL-RESULT:", "agree" if ok else "differ")
