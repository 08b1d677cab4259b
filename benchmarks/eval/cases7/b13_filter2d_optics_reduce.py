# eval-label: buggy
# eval-expect: CNV204@44
# eval-why: the forward model is documented as a convolution with the system PSF (a composite of asymmetric stages), but cv2.filter2D correlates and applies the PSF mirrored
# eval-fix: return cv2.filter2D(scene, -1, psf, borderType=cv2.BORDER_CONSTANT) => return cv2.filter2D(scene, -1, cv2.flip(psf, -1), borderType=cv2.BORDER_CONSTANT)
"""Imaging chain of the inspection camera.

The system PSF is the convolution of the individual stages (optics, detector
crosstalk, readout smear); the simulated image is the scene convolved with it.
"""
from functools import reduce

import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d

try:
    import cv2
except ImportError:  # same arithmetic as OpenCV (zero border, correlation)
    class cv2:
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):
            return ndimage.correlate(src, kernel, mode="constant")

        @staticmethod
        def flip(a, code):
            return a[::-1, ::-1] if code == -1 else (a[::-1] if code == 0 else a[:, ::-1])

STAGES = {
    "optics": np.array([[0.05, 0.1, 0.05], [0.1, 0.4, 0.1], [0.05, 0.1, 0.05]]),
    "crosstalk": np.array([[0.0, 0.0, 0.0], [0.0, 0.9, 0.1], [0.0, 0.0, 0.0]]),
    "readout": np.array([[0.7], [0.2], [0.1]]),  # charge trailing down the column
}


def system_psf(stages=STAGES):
    psf = reduce(lambda a, b: convolve2d(a, b), stages.values())
    return psf / psf.sum()


def simulate(scene, psf):
    """Convolve the scene with the PSF (image formation)."""
    return cv2.filter2D(scene, -1, psf, borderType=cv2.BORDER_CONSTANT)


def add_shot_noise(img, full_well=2000.0, seed=0):
    rng = np.random.default_rng(seed)
    return rng.poisson(np.clip(img, 0, None) * full_well) / full_well


def test_simulate():
    rng = np.random.default_rng(0)
    scene = rng.random((30, 30))
    psf = system_psf()
    assert psf.shape == (7, 5)
    return np.allclose(simulate(scene, psf), ndimage.convolve(scene, psf, mode="constant"))


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if test_simulate() else "differ")
