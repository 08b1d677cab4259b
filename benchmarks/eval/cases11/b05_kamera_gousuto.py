# eval-label: buggy
# eval-expect: CNV202@43|59
# eval-why: the camera documents image formation as the scene convolved with the PSF, but the sensor blurs with ndimage.correlate, which applies the decentred ghost PSF mirrored
# eval-fix: ndimage.correlate(shiin, kaaneru, mode="constant") => ndimage.convolve(shiin, kaaneru, mode="constant")
"""Kamera shimyureeta: shiin (scene) kara satsuei gazou wo tsukuru.

Gazou keisei (image formation): kansoku gazou = shiin * PSF (tatamikomi,
the scene convolved with the point-spread function) + noizu.
PSF wa renzu no gousuto (ghost reflection) wo fukumu node hitaishou.
"""
import numpy as np
from scipy import ndimage, signal


class Kougaku:
    """Renzu kei: shu pii-ku to zurete iru gousuto kara PSF wo tsukuru."""

    def __init__(self, sigma=1.2, gousuto=(2.0, 3.0), tsuyosa=0.35, hankei=6):
        self.sigma = sigma
        self.gousuto = gousuto
        self.tsuyosa = tsuyosa
        self.hankei = hankei

    def psf(self):
        jiku = np.arange(-self.hankei, self.hankei + 1, dtype=float)
        X, Y = np.meshgrid(jiku, jiku)
        shu = np.exp(-(X ** 2 + Y ** 2) / (2 * self.sigma ** 2))
        dy, dx = self.gousuto
        haba = 1.5 * self.sigma
        gst = np.exp(-((X - dx) ** 2 + (Y - dy) ** 2) / (2 * haba ** 2))
        k = shu + self.tsuyosa * gst
        return k / k.sum()


class Sensa:
    """Gein to yomidashi noizu wo motsu sensa."""

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
    def __init__(self, kougaku: Kougaku, sensa: Sensa):
        self.kougaku = kougaku
        self.sensa = sensa

    def toru(self, shiin, rng=None):
        """Shiin wo PSF de tatamikomu (convolve with the PSF), sensa de yomu."""
        return self.sensa.satsuei(shiin, self.kougaku.psf(), rng)


def hoshi_no_shiin(shape=(41, 41), ichi=((20, 20), (8, 30)), akarusa=(1.0, 0.5)):
    shiin = np.zeros(shape)
    for (r, c), a in zip(ichi, akarusa):
        shiin[r, c] = a
    return shiin


if __name__ == "__main__":
    kamera = Kamera(Kougaku(), Sensa(gein=2.0))
    shiin = hoshi_no_shiin()
    gazou = kamera.toru(shiin)
    riron = 2.0 * signal.convolve2d(shiin, kamera.kougaku.psf(), mode="same")
    sa = np.abs(gazou - riron).max()
    print(f"max |gazou - conv(shiin, psf)| = {sa:.3e}")
    print("EVAL-RESULT:", "agree" if np.allclose(gazou, riron) else "differ")
