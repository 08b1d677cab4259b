# eval-label: clean
# eval-why: cv2.filter2D correlates, and the forward model passes cv2.flip(psf, -1), OpenCV's own recipe for a convolution, so it matches convolve2d with the decentred PSF
"""Decentred-lens blur model for the document-scanner simulator.

blurred = page (*) psf  (true convolution, zero outside the page)
"""
import numpy as np
from scipy.signal import convolve2d

try:
    import cv2
except ImportError:  # OpenCV not installed: scipy stand-in with the same semantics
    from scipy import ndimage

    class cv2:  # noqa: N801
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):
            return ndimage.correlate(src, kernel, mode="constant")

        @staticmethod
        def flip(a, code):
            return a[::-1, ::-1] if code == -1 else a[::-1] if code == 0 else a[:, ::-1]


def decentred_psf(size=5):
    y, x = np.mgrid[:size, :size].astype(float)
    psf = np.exp(-((x - 1.2) ** 2 + (y - 2.6) ** 2) / 1.5)
    return psf / psf.sum()


def blur_page(page, psf):
    """Convolve the page with the lens PSF."""
    kernel = cv2.flip(psf, -1)
    return cv2.filter2D(page, -1, kernel, borderType=cv2.BORDER_CONSTANT)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    page = (rng.random((20, 24)) > 0.8).astype(np.float64)
    psf = decentred_psf()
    ok = np.allclose(blur_page(page, psf), convolve2d(page, psf, mode="same"), atol=1e-7)
    print("EVAL-RESULT:", "agree" if ok else "differ")
