# eval-label: clean
# eval-why: Only the gradient magnitude is used, and flipping an antisymmetric Sobel kernel only changes the sign.
import numpy as np
from scipy.signal import convolve2d, correlate2d

SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
SOBEL_Y = SOBEL_X.T


def edge_strength(img):
    """Edge magnitude for the Canny pre-step; orientation is not used."""
    gx = convolve2d(img, SOBEL_X, mode="same", boundary="symm")
    gy = convolve2d(img, SOBEL_Y, mode="same", boundary="symm")
    return np.hypot(gx, gy)


rng = np.random.default_rng(0)
img = rng.random((20, 20))
mag = edge_strength(img)
ref = np.hypot(correlate2d(img, SOBEL_X, mode="same", boundary="symm"),
               correlate2d(img, SOBEL_Y, mode="same", boundary="symm"))
print("EVAL-RESULT:", "agree" if np.allclose(mag, ref) else "differ")
