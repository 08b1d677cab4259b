# eval-label: buggy
# eval-expect: CNV202@30
# eval-why: Telescope.observe is documented as image formation by the PSF but correlates with the asymmetric coma PSF, so the model image is smeared the wrong way
# eval-fix: from scipy.signal import correlate2d, fftconvolve => from scipy.signal import convolve2d, fftconvolve
# eval-fix: correlate2d(sky, self.psf => convolve2d(sky, self.psf
"""Forward model of a small telescope: the detector sees the sky blurred by the PSF."""
from dataclasses import dataclass, field

import numpy as np
from scipy.signal import correlate2d, fftconvolve


def coma_psf(n=7):
    """Comatic PSF: a core with a tail towards +x/+y (not symmetric)."""
    yy, xx = np.mgrid[0:n, 0:n] - n // 2
    core = np.exp(-(xx**2 + yy**2) / 1.5)
    tail = np.exp(-((xx - 2) ** 2 + (yy - 1) ** 2) / 0.8) * (xx > 0)
    p = core + 0.6 * tail
    return p / p.sum()


@dataclass
class Telescope:
    psf: np.ndarray = field(default_factory=coma_psf)
    gain: float = 1.0
    read_noise: float = 0.0

    def observe(self, sky):
        """Image formation: each point of the sky is spread by the PSF."""
        blurred = correlate2d(sky, self.psf, mode="same")
        return self.gain * blurred + self.read_noise


if __name__ == "__main__":
    scope = Telescope()
    sky = np.zeros((21, 21))
    sky[10, 10] = 1.0
    sky[4, 15] = 0.5
    img = scope.observe(sky)
    expected = fftconvolve(sky, scope.psf, mode="same")
    print("EVAL-RESULT:", "agree" if np.allclose(img, expected, atol=1e-12) else "differ")
