# eval-label: clean
# eval-why: the camera's PSF is an outer product of a symmetric binomial row, equal to its own 180-degree rotation, so blurring with ndimage.correlate is the documented convolution
"""Kamera shimyureeta (kantan-ban): gazou = shiin * PSF (tatamikomi) + noizu.

Renzu no PSF wa nikou keisuu [1, 4, 6, 4, 1] no gaiseki (taishou na boke).
"""
import numpy as np
from scipy import ndimage, signal


class Kougaku:
    def __init__(self, retsu=(1.0, 4.0, 6.0, 4.0, 1.0)):
        self.retsu = np.asarray(retsu)

    def psf(self):
        k = np.outer(self.retsu, self.retsu)
        return k / k.sum()


class Sensa:
    def __init__(self, gein=1.0, noizu=0.0):
        self.gein = gein
        self.noizu = noizu

    def _boke(self, shiin, kaaneru):
        return ndimage.correlate(shiin, kaaneru, mode="constant")

    def satsuei(self, shiin, kaaneru, rng=None):
        gazou = self.gein * self._boke(shiin, kaaneru)
        if rng is not None and self.noizu > 0:
            gazou = gazou + rng.normal(scale=self.noizu, size=gazou.shape)
        return gazou


class Kamera:
    def __init__(self, kougaku, sensa):
        self.kougaku = kougaku
        self.sensa = sensa

    def toru(self, shiin, rng=None):
        """Shiin wo PSF de tatamikomu (convolve with the PSF), sensa de yomu."""
        return self.sensa.satsuei(shiin, self.kougaku.psf(), rng)


if __name__ == "__main__":
    shiin = np.zeros((41, 41))
    shiin[20, 20], shiin[8, 30] = 1.0, 0.5
    kamera = Kamera(Kougaku(), Sensa(gein=2.0))
    gazou = kamera.toru(shiin)
    riron = 2.0 * signal.convolve2d(shiin, kamera.kougaku.psf(), mode="same")
    print(f"max |gazou - conv(shiin, psf)| = {np.abs(gazou - riron).max():.3e}")
    print("EVAL-RESULT:", "agree" if np.allclose(gazou, riron) else "differ")
