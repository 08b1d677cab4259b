# eval-label: clean
# eval-why: the forward model correlates with the PSF rotated by 180 degrees, which is exactly the documented convolution; the impulse test shows a point source imaged as the PSF.
"""Satellite-trail simulator: the telescope image is the sky convolved with a trailed PSF.

The in-house GPU kernel only implements correlation, so the CPU reference mirrors
the PSF first (correlation with the 180-degree rotated PSF equals convolution).
"""
import numpy as np
from scipy import ndimage


def trailed_psf(length=6, sigma=0.9, size=11):
    yy, xx = np.mgrid[:size, :size] - size // 2
    img = np.zeros((size, size))
    for t in np.linspace(0.0, length, 25):        # trail starts at the centre
        img += np.exp(-((xx - t * 0.8) ** 2 + (yy - t * 0.6) ** 2) / (2 * sigma ** 2))
    return img / img.sum()


def render(sky, psf):
    """Convolve the sky with the PSF (zero outside the chip)."""
    mirrored = np.flip(psf)
    return ndimage.correlate(sky, mirrored, mode="constant", cval=0.0)


psf = trailed_psf()
sky = np.zeros((40, 40))
sky[17, 20] = 3.0
chip = render(sky, psf)
c = psf.shape[0] // 2
stamp = chip[17 - c:17 + c + 1, 20 - c:20 + c + 1] / 3.0
print("trail goes right/down:", chip[19, 24] > chip[15, 16])
print("EVAL-RESULT:", "agree" if np.allclose(stamp, psf) else "differ")
