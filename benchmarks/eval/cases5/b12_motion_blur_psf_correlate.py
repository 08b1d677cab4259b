# eval-label: buggy
# eval-expect: CNV202@28
# eval-why: Image formation is a convolution with the PSF; correlate2d smears the scene with the mirrored, asymmetric PSF.
# eval-fix: out = correlate2d(scene, psf, => out = convolve2d(scene, psf,
"""Synthetic motion-blurred frames for a deblurring benchmark.

Image formation: observed = scene convolved with the PSF of the camera shake
+ Gaussian read noise.
"""
from dataclasses import dataclass

import numpy as np
from scipy.signal import convolve2d, correlate2d


@dataclass
class ShakePSF:
    length: int = 7

    def kernel(self):
        # a comet-like trail: bright head at the start of the exposure, fading tail
        k = np.zeros((self.length, self.length))
        k[self.length // 2, self.length // 2:] = np.linspace(1.0, 0.2, self.length - self.length // 2)
        return k / k.sum()


def blur(scene, psf, noise=0.0, rng=None):
    out = correlate2d(scene, psf, mode="same", boundary="fill")
    if noise:
        out = out + (rng or np.random.default_rng()).normal(scale=noise, size=out.shape)
    return out


if __name__ == "__main__":
    psf = ShakePSF().kernel()
    scene = np.zeros((21, 21))
    scene[10, 10] = 1.0  # a single star
    obs = blur(scene, psf)
    # a point source must reproduce the PSF itself, centred on the star
    patch = obs[7:14, 7:14]
    print(np.round(patch[3], 3))
    print("EVAL-RESULT:", "agree" if np.allclose(patch, psf) else "differ")
