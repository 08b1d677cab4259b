# eval-label: clean
# eval-why: the central-difference kernel is written pre-reversed ([1, 0, -1]) for ndimage.convolve, so the slope has the right sign against np.gradient
import numpy as np
from scipy import ndimage

# convolution kernels are reversed: this computes f[i + 1] - f[i - 1]
DIFF = np.array([1.0, 0.0, -1.0]) / 2.0


def d_dx(img):
    return ndimage.convolve1d(img, DIFF, axis=1, mode="nearest")


yy, xx = np.mgrid[0:12, 0:15].astype(float)
surface = np.sin(xx / 4.0) + 0.1 * yy
slope = d_dx(surface)
ref = np.gradient(surface, axis=1)
inner = np.s_[:, 1:-1]
same_sign = np.all(np.sign(slope[inner]) == np.sign(ref[inner]))
print("EVAL-RESULT:", "agree" if np.allclose(slope[inner], ref[inner]) and same_sign else "differ")
