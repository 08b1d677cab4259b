# eval-label: clean
# eval-why: Sobel kernels in correlation orientation under ndimage.convolve only flip the gradient sign, and only the magnitude is used.
import numpy as np
from scipy import ndimage

SX = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
SY = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=float)


def edge_strength(gray):
    gx = ndimage.convolve(gray, SX, mode="reflect")
    gy = ndimage.convolve(gray, SY, mode="reflect")
    return np.hypot(gx, gy)


if __name__ == "__main__":
    gray = np.random.default_rng(4).random((20, 20))
    ref = np.hypot(ndimage.sobel(gray, axis=1), ndimage.sobel(gray, axis=0))
    print("EVAL-RESULT:", "agree" if np.allclose(edge_strength(gray), ref) else "differ")
