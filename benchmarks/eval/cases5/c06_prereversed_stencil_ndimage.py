# eval-label: clean
# eval-why: The stencil [1, 0, -1] is written for convolution, so ndimage.convolve gives the central difference with the right sign.
import numpy as np
from scipy import ndimage

# scikit-image style: the difference stencil is written pre-reversed because
# ndimage.convolve flips it.
DIFF_CONV = np.array([1.0, 0.0, -1.0]) / 2.0


def slope(profile):
    return ndimage.convolve(profile, DIFF_CONV, mode="nearest")


x = np.linspace(0, 4, 81)
h = np.cumsum(np.cos(x)) * (x[1] - x[0])
s = slope(h)[1:-1]
ref = np.gradient(h)[1:-1]
rising = np.sign(s) > 0
print("rising fraction", rising.mean())
print("EVAL-RESULT:", "agree" if np.allclose(s, ref) else "differ")
