# eval-label: clean
# eval-why: cv2.filter2D is given cv2.flip(k, -1) (OpenCV's recipe for a convolution) with an odd kernel and zero borders, matching convolve2d 'same'
import numpy as np
from scipy.signal import convolve2d

try:
    import cv2
except ImportError:
    from types import SimpleNamespace

    from scipy import ndimage

    cv2 = SimpleNamespace(
        BORDER_CONSTANT=0,
        flip=lambda a, code: a[::-1, ::-1],
        filter2D=lambda s, d, k, borderType=0: ndimage.correlate(s, k, mode="constant"),
    )


def conv2_same(A, k):
    """MATLAB conv2(A, k, 'same') with OpenCV: filter2D correlates, so flip the kernel."""
    return cv2.filter2D(np.float64(A), -1, cv2.flip(k, -1), borderType=cv2.BORDER_CONSTANT)


k = np.array([[1, 2, 3], [0, 0, 0], [-1, -1, -4]], dtype=np.float64)
A = np.random.default_rng(39).random((9, 10))
print("EVAL-RESULT:", "agree" if np.allclose(conv2_same(A, k), convolve2d(A, k, "same")) else "differ")
