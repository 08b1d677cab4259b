# eval-label: buggy
# eval-expect: CNV204@16
# eval-why: the port of MATLAB conv2(a, h, 'same') uses cv2.filter2D, which correlates, so the asymmetric sharpening stencil is applied mirrored
# eval-fix: h, borderType=cv2.BORDER_CONSTANT) => cv2.flip(h, -1), borderType=cv2.BORDER_CONSTANT)
# eval-fix: ndimage.correlate(a, h, mode="constant") => ndimage.correlate(a, h[::-1, ::-1], mode="constant")
"""Port of the MATLAB unsharp-mask routine (conv2(A, h, 'same'))."""
import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d

try:
    import cv2

    def conv2_same(a, h):
        """MATLAB conv2(a, h, 'same') with zero borders."""
        return cv2.filter2D(a, -1, h, borderType=cv2.BORDER_CONSTANT)
except ImportError:  # what filter2D computes: a correlation, anchored at the centre
    def conv2_same(a, h):
        """MATLAB conv2(a, h, 'same') with zero borders."""
        return ndimage.correlate(a, h, mode="constant")


# the lab's asymmetric sharpening stencil (heavier on the upper left)
H = np.array([[-0.4, -0.2, 0.0], [-0.2, 1.9, -0.1], [0.0, -0.1, 0.1]])


def unsharp(a, amount=0.7):
    detail = conv2_same(a, H)
    return a + amount * detail


rng = np.random.default_rng(2)
A = rng.random((18, 18))
matlab = A + 0.7 * convolve2d(A, H, "same")
print("EVAL-RESULT:", "agree" if np.allclose(unsharp(A), matlab) else "differ")
