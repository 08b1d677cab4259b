# eval-label: clean
# eval-why: the hand-rolled window sum is a cross-correlation and is checked against ndimage.correlate, the same operation with the same anchor for this odd kernel
"""Ödev 4: kayan pencere ile filtreleme ve ndimage ile karşılaştırma."""
import numpy as np
from scipy import ndimage


def pencere_toplami(goruntu, cekirdek):
    """Her piksel için pencere * cekirdek toplamı (kenarlar sıfırla doldurulur)."""
    y, g = cekirdek.shape
    dolgu = np.pad(goruntu, ((y // 2, y // 2), (g // 2, g // 2)))
    sonuc = np.empty(goruntu.shape)
    for i in range(goruntu.shape[0]):
        for j in range(goruntu.shape[1]):
            sonuc[i, j] = (dolgu[i:i + y, j:j + g] * cekirdek).sum()
    return sonuc


if __name__ == "__main__":
    rng = np.random.default_rng(21)
    goruntu = rng.uniform(0, 1, (10, 13))
    cekirdek = np.asarray([[0, 1, 2], [-1, 0, 3], [0, 0, -4]], dtype=float)
    benim = pencere_toplami(goruntu, cekirdek)
    kutuphane = ndimage.correlate(goruntu, cekirdek, mode="constant", cval=0.0)
    print("EVAL-RESULT:", "agree" if np.allclose(benim, kutuphane) else "differ")
