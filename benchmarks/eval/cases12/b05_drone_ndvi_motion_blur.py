# eval-label: buggy
# eval-expect: CNV202@35
# eval-why: the drone camera's forward model is documented as convolving each band with the one-sided motion PSF, but apply_band uses ndimage.correlate, which smears the scene the opposite way from the exposure it simulates
# eval-fix: return ndimage.correlate(band, self.psf, mode=self.boundary) => return ndimage.convolve(band, self.psf, mode=self.boundary)
"""Drone multispectral simulator for NDVI robustness tests.

The camera integrates while the drone flies along +x, so each band of the
(H, W, C) cube is convolved with a motion-blur PSF: a line drawn into
np.zeros from the PSF centre along the flight direction.
"""
import functools

import numpy as np
from scipy import ndimage

BANDS = ("green", "red", "red_edge", "nir")


def motion_psf(length, size=None):
    size = size or 2 * length - 1
    psf = np.zeros((size, size))
    c = size // 2
    psf[c, c:c + length] = 1.0
    return psf / psf.sum()


class BlurModel:
    """Image formation: band -> band convolved with the motion PSF."""

    def __init__(self, psf, boundary="reflect"):
        self.psf = psf
        self.boundary = boundary

    def apply_band(self, band):
        return ndimage.correlate(band, self.psf, mode=self.boundary)

    def apply(self, cube):
        planes = [self.apply_band(cube[..., c]) for c in range(cube.shape[-1])]
        return np.stack(planes, axis=-1)


make_model = functools.partial(BlurModel, boundary="wrap")


def ndvi(cube):
    red = cube[..., BANDS.index("red")]
    nir = cube[..., BANDS.index("nir")]
    return (nir - red) / (nir + red + 1e-9)


def field_cube(rng, h=48, w=64):
    rows = (np.arange(w) % 8 < 3).astype(float)  # crop rows across the flight line
    canopy = 0.2 + 0.6 * rows[None, :] * (0.8 + 0.2 * rng.random((h, w)))
    soil = 1.0 - canopy
    cube = np.empty((h, w, len(BANDS)))
    for i, (veg, bare) in enumerate([(0.08, 0.12), (0.04, 0.18), (0.20, 0.20), (0.50, 0.25)]):
        cube[..., i] = veg * canopy + bare * soil
    return cube


def exposure_truth(cube, length):
    """What the sensor records: the scene averaged over the exposure while it
    slides one pixel along +x per time step."""
    return np.mean([np.roll(cube, t, axis=1) for t in range(length)], axis=0)


def ndvi_bias(model, cube):
    return float(np.mean(ndvi(model.apply(cube)) - ndvi(cube)))


rng = np.random.default_rng(5)
cube = field_cube(rng)
model = make_model(motion_psf(5))
simulated = model.apply(cube)
truth = exposure_truth(cube, 5)
print("NDVI bias from blur:", round(ndvi_bias(model, cube), 5))
ok = np.allclose(simulated, truth) and np.allclose(ndvi(simulated), ndvi(truth))
print("EVAL-RESULT:", "agree" if ok else "differ")
