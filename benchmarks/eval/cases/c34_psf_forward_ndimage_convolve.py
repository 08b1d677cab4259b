# eval-label: clean
# eval-why: the forward model documented as a convolution with an asymmetric PSF uses ndimage.convolve; a point source images as the PSF.
import numpy as np
from scipy import ndimage

PSF = np.array([[0.40, 0.10, 0.00], [0.10, 0.20, 0.05], [0.00, 0.05, 0.10]])


def observe(scene, psf=PSF):
    """Simulated detector image: observed = psf (*) scene, (*) = 2-D convolution."""
    return ndimage.convolve(scene, psf, mode="constant")


if __name__ == "__main__":
    star = np.zeros((9, 9))
    star[4, 4] = 1.0
    print("EVAL-RESULT:", "agree" if np.allclose(observe(star)[3:6, 3:6], PSF) else "differ")
