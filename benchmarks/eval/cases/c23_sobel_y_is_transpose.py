# eval-label: clean
# eval-why: the Sobel y kernel really is the transpose of the x kernel; here .T builds a second kernel, not a flip, and only the magnitude is used.
import numpy as np
from scipy.signal import convolve2d

SX = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float)
SY = SX.T


def image_gradients(gray):
    gx = convolve2d(gray, SX, mode="same", boundary="symm")
    gy = convolve2d(gray, SY, mode="same", boundary="symm")
    return np.sqrt(gx**2 + gy**2)


if __name__ == "__main__":
    from scipy import ndimage

    gray = np.random.default_rng(5).random((16, 16))
    ref = np.hypot(ndimage.sobel(gray, axis=0, mode="reflect"), ndimage.sobel(gray, axis=1, mode="reflect"))
    print("EVAL-RESULT:", "agree" if np.allclose(image_gradients(gray), ref) else "differ")
