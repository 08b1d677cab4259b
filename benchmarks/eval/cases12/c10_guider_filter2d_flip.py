# eval-label: clean
# eval-why: the guider's convolution forward model calls cv2.filter2D with cv2.flip(psf, -1), OpenCV's recipe for a true convolution, so it matches convolve2d with the unflipped drift PSF (with or without OpenCV installed)
"""Guider simulator: star field convolved with a tracking-drift PSF."""
import numpy as np
from scipy import ndimage, signal

try:
    import cv2
except ImportError:  # no OpenCV: same arithmetic via ndimage
    class cv2:
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):
            return ndimage.correlate(src, kernel, mode="constant", cval=0.0)

        @staticmethod
        def flip(a, code):
            return np.ascontiguousarray(a[::-1, ::-1])


def drift_psf(lambai=4, disha=(1, 3)):
    size = 2 * lambai + 1
    psf = np.zeros((size, size))
    n = max(map(abs, disha))
    for t in np.linspace(0.0, lambai, 4 * lambai + 1):
        psf[int(round(lambai + t * disha[0] / n)), int(round(lambai + t * disha[1] / n))] += 1.0
    return psf / psf.sum()


def dhundhla(chitra, psf):
    """Forward model: convolve the frame with the drift PSF."""
    return cv2.filter2D(chitra, -1, cv2.flip(psf, -1), borderType=cv2.BORDER_CONSTANT)


rng = np.random.default_rng(3)
sky = np.zeros((48, 48))
sky[rng.integers(6, 42, 15), rng.integers(6, 42, 15)] = rng.uniform(200, 2000, 15)
psf = drift_psf()
ok = np.allclose(dhundhla(sky, psf), signal.convolve2d(sky, psf, mode="same"), atol=1e-9)
print("EVAL-RESULT:", "agree" if ok else "differ")
