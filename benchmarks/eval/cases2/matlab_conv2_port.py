# eval-label: buggy
# eval-expect: CNV204@25
# eval-why: a port of MATLAB conv2(A, k, 'same') uses cv2.filter2D (a correlation) with an asymmetric kernel and is checked against convolve2d
# eval-fix: cv2.filter2D(A, -1, k, borderType=cv2.BORDER_CONSTANT) => cv2.filter2D(A, -1, cv2.flip(k, -1), borderType=cv2.BORDER_CONSTANT)
import numpy as np
from scipy.signal import convolve2d

try:
    import cv2
except ImportError:  # minimal stand-in so the port can be checked without OpenCV
    from types import SimpleNamespace

    from scipy import ndimage

    cv2 = SimpleNamespace(
        BORDER_CONSTANT=0,
        flip=lambda a, code: a[::-1, ::-1],
        filter2D=lambda s, d, k, borderType=0: ndimage.correlate(s, k, mode="constant"),
    )


def conv2_same(A, k):
    """Python port of MATLAB's conv2(A, k, 'same') from the lab scripts."""
    A = np.asarray(A, dtype=np.float64)
    return cv2.filter2D(A, -1, k, borderType=cv2.BORDER_CONSTANT)


k = np.array([[1, 2, 3], [0, 0, 0], [-1, -1, -4]], dtype=np.float64)
A = np.random.default_rng(8).random((9, 10))
ported = conv2_same(A, k)
reference = convolve2d(A, k, mode="same")
print("EVAL-RESULT:", "agree" if np.allclose(ported, reference) else "differ")
