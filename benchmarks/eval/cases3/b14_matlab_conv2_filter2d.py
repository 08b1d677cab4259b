# eval-label: buggy
# eval-expect: CNV204@21
# eval-why: a port of MATLAB conv2(I, K, 'same') uses cv2.filter2D (a correlation; its scipy stand-in is ndimage.correlate) and is checked against convolve2d
# eval-fix: cv2.filter2D(I, -1, K, => cv2.filter2D(I, -1, K[::-1, ::-1].copy(),
# eval-fix: ndimage.correlate(I, K, => ndimage.convolve(I, K,
# lab3.m ported to python:  J = conv2(I, K, 'same');
import numpy as np
from scipy import ndimage, signal

try:
    import cv2
except ImportError:
    cv2 = None


def conv2_same(I, K):
    """conv2(I, K, 'same') with zero borders, as in MATLAB."""
    I = np.asarray(I, dtype=np.float64)
    K = np.asarray(K, dtype=np.float64)
    if cv2 is not None:
        return cv2.filter2D(I, -1, K, borderType=cv2.BORDER_CONSTANT)
    return ndimage.correlate(I, K, mode="constant")


I = np.arange(64, dtype=float).reshape(8, 8) % 7
K = np.array([[1, 2, 0],
              [0, 1, -1],
              [0, 0, -2]])

J = conv2_same(I, K)
J_ref = signal.convolve2d(I, K, mode="same")
print("EVAL-RESULT:", "agree" if np.allclose(J, J_ref) else "differ")
