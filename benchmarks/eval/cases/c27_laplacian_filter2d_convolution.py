# eval-label: clean
# eval-why: the Laplacian kernel equals its 180-degree rotation, so cv2.filter2D computes the documented convolution.
import cv2
import numpy as np
from scipy.signal import convolve2d

LAPLACE = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64)


def laplacian(img):
    """Discrete Laplacian: img * L (2-D convolution, zero boundary)."""
    return cv2.filter2D(np.asarray(img, np.float64), -1, LAPLACE, borderType=cv2.BORDER_CONSTANT)


if __name__ == "__main__":
    img = np.random.default_rng(1).random((14, 14))
    print("EVAL-RESULT:", "agree" if np.allclose(laplacian(img), convolve2d(img, LAPLACE, "same")) else "differ")
