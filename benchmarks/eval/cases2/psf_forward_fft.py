# eval-label: clean
# eval-why: the documented PSF forward model uses fftconvolve (a true convolution) with an asymmetric PSF; a point source reproduces the PSF
"""Forward model: observed = scene convolved with the instrument PSF."""
import numpy as np
from scipy.signal import fftconvolve


def forward_model(scene, psf):
    """Blur the scene with the PSF (image formation)."""
    return fftconvolve(scene, psf, mode="same")


psf = np.array([[0.00, 0.02, 0.05],
                [0.01, 0.50, 0.20],
                [0.00, 0.12, 0.10]])
scene = np.zeros((17, 17))
scene[8, 8] = 1.0
img = forward_model(scene, psf)
print("EVAL-RESULT:", "agree" if np.allclose(img[7:10, 7:10], psf, atol=1e-12) else "differ")
