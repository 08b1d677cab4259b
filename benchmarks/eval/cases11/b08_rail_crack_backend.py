# eval-label: buggy
# eval-expect: CNV204@29|38
# eval-why: the OpenCV backend is expected to equal the ndimage.convolve reference, but cv2.filter2D correlates, so the MATLAB-style Sobel built by np.outer comes out with the opposite sign
# eval-fix: cv2.filter2D(img, -1, KERNEL, borderType=cv2.BORDER_REFLECT_101) => cv2.filter2D(img, -1, cv2.flip(KERNEL, -1), borderType=cv2.BORDER_REFLECT_101)
"""Rail-head crack detector: the OpenCV backend must match the scipy reference."""
import numpy as np
from scipy import ndimage

try:
    import cv2
except ImportError:  # CI image without OpenCV: same semantics, pure scipy
    class cv2:
        BORDER_REFLECT_101 = 4

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=4):
            return ndimage.correlate(src, kernel, mode="mirror")

        @staticmethod
        def flip(a, code):
            return a[::-1, ::-1] if code < 0 else (a[::-1] if code == 0 else a[:, ::-1])

smooth = np.array([1.0, 2.0, 1.0])
deriv = np.array([1.0, 0.0, -1.0])          # conv2-style Sobel, as in the MATLAB prototype
KERNEL = np.outer(smooth, deriv)


def edges_opencv(img):
    return cv2.filter2D(img, -1, KERNEL, borderType=cv2.BORDER_REFLECT_101)


def edges_reference(img):
    return ndimage.convolve(img, KERNEL, mode="mirror")


rng = np.random.default_rng(8)
img = np.ascontiguousarray(ndimage.gaussian_filter(rng.random((48, 64)), 2.0))
fast, ref = edges_opencv(img), edges_reference(img)
print("max |opencv - scipy| =", float(np.abs(fast - ref).max()))
print("EVAL-RESULT:", "agree" if np.allclose(fast, ref, atol=1e-9) else "differ")
