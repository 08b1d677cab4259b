# eval-label: clean
# eval-why: the MATLAB conv2 port on cv2.filter2D flips the kernel with cv2.flip(k, -1) and sets the matching anchor, so it equals convolve2d 'same'.
import cv2
import numpy as np
from scipy.signal import convolve2d


def conv2(A, B):
    """MATLAB conv2(A, B, 'same') with zero padding, via OpenCV."""
    kh, kw = B.shape
    anchor = (kw - 1 - (kw - 1) // 2, kh - 1 - (kh - 1) // 2)
    return cv2.filter2D(
        np.float64(A), -1, cv2.flip(np.float64(B), -1), anchor=anchor,
        borderType=cv2.BORDER_CONSTANT,
    )


if __name__ == "__main__":
    A = np.random.default_rng(3).random((10, 12))
    B = np.array([[1, 2, 3, 4, 5], [0, 0, 1, 0, -1], [2, 0, 0, 0, 0]], dtype=float)
    print("EVAL-RESULT:", "agree" if np.allclose(conv2(A, B), convolve2d(A, B, "same")) else "differ")
