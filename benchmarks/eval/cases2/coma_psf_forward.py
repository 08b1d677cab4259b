# eval-label: buggy
# eval-expect: CNV202@21
# eval-why: the documented forward model (scene convolved with the PSF) is computed with ndimage.correlate and an asymmetric comatic PSF, so the model image is smeared the wrong way
# eval-fix: ndimage.correlate( => ndimage.convolve(
"""Forward model for the wide-field camera: observed = PSF * scene + noise."""
import numpy as np
from scipy import ndimage


def comatic_psf(size=7, tail=0.6):
    """A star image with a comet-like tail towards the lower right."""
    yy, xx = np.mgrid[:size, :size] - size // 2
    core = np.exp(-(xx**2 + yy**2) / 1.5)
    flare = tail * np.exp(-((xx - 1.5) ** 2 + (yy - 1.5) ** 2) / 2.0)
    psf = core + flare
    return psf / psf.sum()


def blur_forward(scene, psf):
    """Image formation: every point of the scene is spread by the PSF."""
    return ndimage.correlate(scene, psf, mode="constant")


psf = comatic_psf()
scene = np.zeros((21, 21))
scene[10, 10] = 1.0                       # a single star
observed = blur_forward(scene, psf)
patch = observed[7:14, 7:14]
# a point source must reproduce the PSF itself
print("EVAL-RESULT:", "agree" if np.allclose(patch, psf) else "differ")
