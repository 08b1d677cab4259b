# eval-label: buggy
# eval-expect: CNV203@41|40
# eval-why: the pyramid's blur model rotates the motion PSF by 180 degrees before fftconvolve, which rotates it again, so every level is blurred by the mirrored PSF (a correlation)
# eval-fix: psf_rot = np.rot90(self.psf, 2) => psf_rot = self.psf
"""Multi-scale blur model for coarse-to-fine blind deblurring.

Each level of the pyramid is the half-resolution sharp estimate blurred with the
motion PSF; the forward model at every level is a convolution with that PSF.
"""
import logging

import numpy as np
from scipy.signal import convolve2d, fftconvolve

logger = logging.getLogger(__name__)


def motion_psf(length=5, drift=2):
    """Linear motion to the lower right with a bright start (shutter opening)."""
    k = np.zeros((length, length))
    for s in range(length):
        k[min(s * drift // length + length // 2 - 1, length - 1), s] = (length - s)
    return k / k.sum()


def downsample(img):
    h, w = (img.shape[0] // 2) * 2, (img.shape[1] // 2) * 2
    img = img[:h, :w]
    return 0.25 * (img[0::2, 0::2] + img[1::2, 0::2] + img[0::2, 1::2] + img[1::2, 1::2])


class BlurPyramid:
    def __init__(self, psf, levels=3, min_size=8):
        self.psf = np.asarray(psf, dtype=float)
        self.levels = levels
        self.min_size = min_size

    def blur(self, img):
        """Forward model at one scale: convolve with the PSF."""
        psf_rot = np.rot90(self.psf, 2)  # flip, then slide
        return fftconvolve(img, psf_rot, mode="same")

    def build(self, img, level=0):
        """Recursively blur and halve until the image gets too small."""
        out = [self.blur(img)]
        if level + 1 < self.levels and min(img.shape) // 2 >= self.min_size:
            out += self.build(downsample(img), level + 1)
        logger.debug("level %d: %s", level, img.shape)
        return out

    def reference(self, img, level=0):
        out = [convolve2d(img, self.psf, mode="same")]
        if level + 1 < self.levels and min(img.shape) // 2 >= self.min_size:
            out += self.reference(downsample(img), level + 1)
        return out


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    sharp = rng.random((40, 36))
    pyr = BlurPyramid(motion_psf())
    got = pyr.build(sharp)
    want = pyr.reference(sharp)
    ok = len(got) == len(want) and all(np.allclose(a, b) for a, b in zip(got, want))
    print("levels:", len(got))
    print("EVAL-RESULT:", "agree" if ok else "differ")
