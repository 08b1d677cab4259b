# eval-label: buggy
# eval-expect: CNV204@23
# eval-why: apply_psf is documented as convolving the sharp image with the PSF (forward model) but uses cv2.filter2D, a correlation, with an asymmetric PSF
# eval-fix: cv2.filter2D(img, cv2.CV_64F, psf, borderType=cv2.BORDER_CONSTANT) => cv2.filter2D(img, cv2.CV_64F, cv2.flip(psf, -1), borderType=cv2.BORDER_CONSTANT)
import numpy as np

try:
    import cv2
except ImportError:
    from types import SimpleNamespace

    from scipy import ndimage

    cv2 = SimpleNamespace(
        BORDER_CONSTANT=0, CV_64F=6,
        flip=lambda a, code: a[::-1, ::-1],
        filter2D=lambda s, d, k, borderType=0: ndimage.correlate(s, k, mode="constant"),
    )


def apply_psf(img, psf):
    """Forward model of the blur: convolve the sharp image with the PSF."""
    return cv2.filter2D(img, cv2.CV_64F, psf, borderType=cv2.BORDER_CONSTANT)


# defocus + drift PSF estimated from a calibration target
psf = np.array([[0.05, 0.10, 0.00],
                [0.10, 0.40, 0.15],
                [0.00, 0.05, 0.15]])
point = np.zeros((11, 11))
point[5, 5] = 1.0
response = apply_psf(point, psf)
print("EVAL-RESULT:", "agree" if np.allclose(response[4:7, 4:7], psf) else "differ")
