# eval-label: clean
# eval-why: the OpenCV backend passes cv2.flip(KERNEL, -1) to filter2D, OpenCV's own recipe for a convolution, so it equals the ndimage.convolve reference
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

KERNEL = np.outer([1.0, 2.0, 1.0], [1.0, 0.0, -1.0])   # conv2-style Sobel


def edges_opencv(img):
    # filter2D correlates; flipping both axes turns it into conv2
    return cv2.filter2D(img, -1, cv2.flip(KERNEL, -1), borderType=cv2.BORDER_REFLECT_101)


def edges_reference(img):
    return ndimage.convolve(img, KERNEL, mode="mirror")


rng = np.random.default_rng(8)
img = np.ascontiguousarray(ndimage.gaussian_filter(rng.random((48, 64)), 2.0))
fast, ref = edges_opencv(img), edges_reference(img)
print("max |opencv - scipy| =", float(np.abs(fast - ref).max()))
print("EVAL-RESULT:", "agree" if np.allclose(fast, ref, atol=1e-9) else "differ")
