# eval-label: buggy
# eval-expect: CNV202@30
# eval-why: the widefield forward model documents image = object convolved with the PSF but applies signal.correlate, so the asymmetric coma tail points the wrong way
# eval-fix: signal.correlate(obj, self.psf, mode="same", method="direct") => signal.convolve(obj, self.psf, mode="same", method="direct")
"""Widefield microscope simulator used to generate training pairs."""
from dataclasses import dataclass

import numpy as np
from scipy import signal


def coma_psf(size=9, sigma=1.2, tail=0.35):
    """Gaussian core with a one-sided comatic tail towards +x."""
    half = size // 2
    yy, xx = np.mgrid[-half:half + 1, -half:half + 1].astype(float)
    core = np.exp(-(xx ** 2 + yy ** 2) / (2 * sigma ** 2))
    flare = tail * np.exp(-((xx - 2.5) ** 2) / 4.0 - yy ** 2 / 1.5) * (xx > 0)
    psf = core + flare
    return psf / psf.sum()


@dataclass
class Microscope:
    psf: np.ndarray
    gain: float = 1.0
    offset: float = 100.0

    def image(self, obj):
        """Image formation: the object convolved with the system PSF."""
        blurred = signal.correlate(obj, self.psf, mode="same", method="direct")
        return self.gain * blurred + self.offset

    def photons(self, obj, rng):
        return rng.poisson(np.clip(self.image(obj), 0, None))


def bead_slide(shape=(33, 33), where=(16, 16)):
    obj = np.zeros(shape)
    obj[where] = 1.0
    return obj


scope = Microscope(psf=coma_psf(), gain=1.0, offset=0.0)
img = scope.image(bead_slide())
# a single bead must reproduce the PSF as written, centred on the bead
expected = np.zeros((33, 33))
expected[12:21, 12:21] = scope.psf
print("peak column offset:", np.unravel_index(img.argmax(), img.shape))
print("EVAL-RESULT:", "agree" if np.allclose(img, expected) else "differ")
