# eval-label: clean
# eval-why: the PSF is a binomial outer product, symmetric under 180-degree rotation, so ndimage.correlate in the blur forward model equals the convolution
"""Forward model: the detector image is the scene convolved with the (binomial) PSF."""
import numpy as np
from scipy import ndimage
from scipy.signal import fftconvolve


def binomial_psf(order=4):
    row = np.array([1.0])
    for _ in range(order):
        row = np.convolve(row, [1.0, 1.0])
    psf = np.outer(row, row)
    return psf / psf.sum()


def forward_model(scene, psf):
    """Blur the scene with the PSF (zero outside the field of view)."""
    return ndimage.correlate(scene, psf, mode="constant", cval=0.0)


psf = binomial_psf()
scene = np.zeros((25, 25))
scene[5, 7], scene[18, 12] = 1.0, 3.0
img = forward_model(scene, psf)
ref = fftconvolve(scene, psf, mode="same")
print("EVAL-RESULT:", "agree" if np.allclose(img, ref, atol=1e-12) else "differ")
