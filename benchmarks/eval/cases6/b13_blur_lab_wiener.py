# eval-label: buggy
# eval-expect: CNV204@37
# eval-why: the forward model is documented as a convolution with the motion PSF but cv2.filter2D correlates, so the one-sided streak points the wrong way and the Wiener filter inverts a different blur
# eval-fix: cv2.filter2D(frame, -1, psf, borderType => cv2.filter2D(frame, -1, cv2.flip(psf, -1), borderType
"""Synthetic motion blur + Wiener restoration demo (blur_lab.py)."""

import numpy as np
from scipy import ndimage

try:
    import cv2
except ImportError:  # same arithmetic as cv2.filter2D with a constant (zero) border

    class cv2:  # noqa: N801
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):  # noqa: N802
            return ndimage.correlate(src, kernel, mode="constant")

        @staticmethod
        def flip(a, code):
            return np.flip(a) if code == -1 else np.flip(a, axis=1 - code)


def streak_psf(n=7):
    """Diagonal streak starting at the centre: the camera moved down-right."""
    psf = np.zeros((n, n))
    c = n // 2
    for t in range(c + 1):
        psf[c + t, c + t] = 1.0 - 0.15 * t
    return psf / psf.sum()


def blur(frame, psf):
    """Forward model: convolve the frame with the motion PSF (zero border)."""
    return cv2.filter2D(frame, -1, psf, borderType=cv2.BORDER_CONSTANT)


def wiener(blurred, psf, nsr=1e-3):
    """Frequency-domain Wiener filter for a PSF centred in its array."""
    pad = np.zeros_like(blurred)
    n = psf.shape[0]
    pad[:n, :n] = psf
    H = np.fft.fft2(np.roll(pad, (-(n // 2), -(n // 2)), axis=(0, 1)))
    G = np.fft.fft2(blurred)
    return np.real(np.fft.ifft2(np.conj(H) * G / (np.abs(H) ** 2 + nsr)))


if __name__ == "__main__":
    psf = streak_psf()
    scene = np.zeros((41, 41))
    scene[12:30, 15:25] = 1.0
    restored = wiener(blur(scene, psf), psf)
    print("restoration rms:", round(float(np.sqrt(np.mean((restored - scene) ** 2))), 4))
    star = np.zeros((41, 41))
    star[20, 20] = 1.0
    stamp = blur(star, psf)[17:24, 17:24]  # a point must come out as the PSF itself
    print("EVAL-RESULT:", "agree" if np.allclose(stamp, psf) else "differ")
