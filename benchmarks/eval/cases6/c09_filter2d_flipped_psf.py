# eval-label: clean
# eval-why: cv2.filter2D correlates, so the motion PSF is flipped with cv2.flip(psf, -1) first (OpenCV's recipe for a true convolution); a point comes out as the PSF
"""Motion blur simulation for the deblurring dataset (OpenCV fast path)."""

import numpy as np
from scipy import ndimage

try:
    import cv2
except ImportError:  # same arithmetic as filter2D with a zero border

    class cv2:  # noqa: N801
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):  # noqa: N802
            return ndimage.correlate(src, kernel, mode="constant")

        @staticmethod
        def flip(a, code):
            return np.flip(a) if code == -1 else np.flip(a, axis=1 - code)


def linear_motion_psf(n=7):
    psf = np.zeros((n, n))
    c = n // 2
    psf[c, c:] = np.linspace(1.0, 0.4, n - c)
    psf[c + 1, c + 2 :] = 0.2
    return psf / psf.sum()


def motion_blur(frame, psf):
    """Convolve the frame with the motion PSF (zero border)."""
    return cv2.filter2D(frame, -1, cv2.flip(psf, -1), borderType=cv2.BORDER_CONSTANT)


if __name__ == "__main__":
    psf = linear_motion_psf()
    point = np.zeros((31, 31))
    point[15, 15] = 1.0
    stamp = motion_blur(point, psf)[12:19, 12:19]
    print("EVAL-RESULT:", "agree" if np.allclose(stamp, psf) else "differ")
