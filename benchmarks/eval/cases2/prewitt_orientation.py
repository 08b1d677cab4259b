# eval-label: buggy
# eval-expect: CNV201@13|14
# eval-why: Prewitt kernels in correlation orientation (-1 on the left/top) go through ndimage.convolve and the signed result feeds arctan2, so edge directions are off by 180 degrees
# eval-fix: ndimage.convolve( => ndimage.correlate(
import numpy as np
from scipy import ndimage

PREWITT_X = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=float)
PREWITT_Y = PREWITT_X.T.copy()


def gradient_direction(img):
    gx = ndimage.convolve(img, PREWITT_X, mode="nearest")
    gy = ndimage.convolve(img, PREWITT_Y, mode="nearest")
    return np.arctan2(gy, gx), np.hypot(gx, gy)


# brightness increases to the right: the gradient should point along +x (angle 0)
ramp = np.tile(np.arange(32, dtype=float), (32, 1))
theta, mag = gradient_direction(ramp)
inner = theta[2:-2, 2:-2]
print("median angle (deg):", np.degrees(np.median(inner)))
print("EVAL-RESULT:", "agree" if np.allclose(inner, 0.0, atol=1e-6) else "differ")
