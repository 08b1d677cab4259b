# eval-label: clean
# eval-why: the imaging forward model convolves the scene with an asymmetric PSF through ndimage.convolve, which matches spreading every point with the PSF
from dataclasses import dataclass

import numpy as np
from scipy import ndimage


def comet_psf(n=5):
    p = np.zeros((n, n))
    p[n // 2, n // 2:] = [4.0, 2.0, 1.0][: n - n // 2]
    p[n // 2 + 1, n // 2] = 1.0
    return p / p.sum()


@dataclass
class Optics:
    psf: np.ndarray

    def image(self, scene):
        """Point-spread function applied to the scene: a convolution."""
        return ndimage.convolve(scene, self.psf, mode="constant")


def spread(scene, psf):
    h = psf.shape[0] // 2
    acc = np.zeros((scene.shape[0] + 2 * h, scene.shape[1] + 2 * h))
    for i, j in zip(*np.nonzero(scene)):
        acc[i:i + psf.shape[0], j:j + psf.shape[1]] += scene[i, j] * psf
    return acc[h:-h, h:-h]


sky = np.zeros((16, 16))
sky[4, 4], sky[9, 12], sky[13, 2] = 1.0, 2.5, 0.7
opt = Optics(comet_psf())
print("EVAL-RESULT:", "agree" if np.allclose(opt.image(sky), spread(sky, opt.psf)) else "differ")
