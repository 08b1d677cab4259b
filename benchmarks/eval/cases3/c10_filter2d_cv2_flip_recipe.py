# eval-label: clean
# eval-why: MATLAB conv2 port that flips the kernel with cv2.flip(K, -1) before cv2.filter2D (stand-in: ndimage.convolve), matching convolve2d 'same' for this odd kernel
import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d

try:
    import cv2
except ImportError:
    cv2 = None


def conv2(I, K):
    """MATLAB conv2(I, K, 'same') with zero padding."""
    if cv2 is None:
        return ndimage.convolve(I, K, mode="constant")
    return cv2.filter2D(I, -1, cv2.flip(K, -1), borderType=cv2.BORDER_CONSTANT)


I = np.random.default_rng(1).random((9, 12))
K = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [0.0, 0.0, -2.0]])
print("EVAL-RESULT:", "agree" if np.allclose(conv2(I, K), convolve2d(I, K, "same")) else "differ")
