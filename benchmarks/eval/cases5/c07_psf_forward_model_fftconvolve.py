# eval-label: clean
# eval-why: fftconvolve is a true convolution, so a point source reproduces the asymmetric PSF in place.
"""Forward model for PSF fitting: model image = scene convolved with the PSF."""
from dataclasses import dataclass, field

import numpy as np
from scipy.signal import fftconvolve


@dataclass
class Telescope:
    psf: np.ndarray = field(default_factory=lambda: np.array(
        [[0.0, 0.1, 0.0], [0.0, 0.4, 0.3], [0.0, 0.0, 0.2]]))

    def observe(self, scene):
        return fftconvolve(scene, self.psf, mode="same")


tel = Telescope()
scene = np.zeros((15, 15))
scene[7, 7] = 1.0
img = tel.observe(scene)
print(np.round(img[6:9, 6:9], 3))
print("EVAL-RESULT:", "agree" if np.allclose(img[6:9, 6:9], tel.psf) else "differ")
