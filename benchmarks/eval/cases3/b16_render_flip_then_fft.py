# eval-label: buggy
# eval-expect: CNV203@14|15
# eval-why: the camera model flips the PSF and then calls fftconvolve, which flips it again, so the rendered image is a correlation with the PSF
# eval-fix: np.flip(psf) => psf
import numpy as np
from scipy.signal import fftconvolve


def render(scene, psf):
    """Forward model of the telescope: the scene convolved with the PSF.

    Convolution = flip the kernel, then slide it over the image.
    """
    kern = np.flip(psf)
    return fftconvolve(scene, kern, mode="same")


def coma_psf(n=7):
    y, x = np.mgrid[-(n // 2):n // 2 + 1, -(n // 2):n // 2 + 1]
    core = np.exp(-(x ** 2 + y ** 2) / 1.5)
    tail = np.where((x >= 0) & (y == 0), 0.4 * np.exp(-x / 2.0), 0.0)
    p = core + tail
    return p / p.sum()


psf = coma_psf()
star_field = np.zeros((31, 31))
star_field[10, 12] = 3.0
star_field[20, 5] = 1.0

image = render(star_field, psf)
# a point source must reproduce the PSF itself, centred on the star
print("EVAL-RESULT:", "agree" if np.allclose(image[7:14, 9:16] * (1 / 3.0), psf, atol=1e-12) else "differ")
