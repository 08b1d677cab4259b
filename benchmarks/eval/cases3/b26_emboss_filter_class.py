# eval-label: buggy
# eval-expect: CNV204@28
# eval-why: the Filter class documents 'convolve the image with the kernel' but runs cv2.filter2D (a correlation; its stand-in ndimage.correlate) with the asymmetric emboss kernel, and is checked against ndimage.convolve
# eval-fix: k = self.kernel => k = self.kernel[::-1, ::-1].copy()
import numpy as np
from scipy import ndimage

try:
    import cv2
except ImportError:  # headless CI
    cv2 = None

KERNELS = {
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}


class Filter:
    """Convolve the image with one of the named kernels (reflect-101 borders)."""

    def __init__(self, name):
        self.kernel = np.array(KERNELS[name], dtype=np.float64)

    def __call__(self, img):
        k = self.kernel
        if cv2 is not None:
            return cv2.filter2D(img, cv2.CV_64F, k)
        return ndimage.correlate(img, k, mode="mirror")


img = (np.random.default_rng(6).random((20, 24)) * 255).astype(np.float64)
out = Filter("emboss")(img)
ref = ndimage.convolve(img, np.array(KERNELS["emboss"], float), mode="mirror")
print("EVAL-RESULT:", "agree" if np.allclose(out, ref) else "differ")
