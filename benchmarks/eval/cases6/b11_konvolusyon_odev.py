# eval-label: buggy
# eval-expect: CNV203@19|27
# eval-why: the kernel is rotated by 180 degrees and then used in the convolution-form index (i - m, j - n), which rotates it again: the result is a correlation
# eval-fix: ters = cekirdek[::-1, ::-1] => ters = cekirdek
"""Goruntu isleme odevi 2: kendi konvolusyon fonksiyonum (el ile, dongulerle).

Hocanin formulu:  cikti[i, j] = sum_m sum_n goruntu[i - m, j - n] * cekirdek[m, n]
Sonuc scipy'nin convolve2d(..., 'same') ciktisiyla ayni olmali.
"""

import numpy as np
from scipy.signal import convolve2d


def konvolusyon(goruntu, cekirdek):
    kh, kw = cekirdek.shape
    ph, pw = kh // 2, kw // 2
    dolgu = np.pad(goruntu, ((ph, ph), (pw, pw)))
    ters = cekirdek[::-1, ::-1]  # once cekirdegi 180 derece cevir
    H, W = goruntu.shape
    cikti = np.zeros((H, W))
    for i in range(H):
        for j in range(W):
            t = 0.0
            for m in range(kh):
                for n in range(kw):
                    t += dolgu[i - m + 2 * ph, j - n + 2 * pw] * ters[m, n]
            cikti[i, j] = t
    return cikti


if __name__ == "__main__":
    rng = np.random.default_rng(21)
    resim = rng.integers(0, 256, (10, 12)).astype(float)
    keskinlestir = np.array([[0, -1, 0], [-1, 5, -2], [0, 1, 0]], dtype=float)
    benim = konvolusyon(resim, keskinlestir)
    scipy_sonuc = convolve2d(resim, keskinlestir, mode="same")
    print("fark:", float(np.abs(benim - scipy_sonuc).max()))
    print("EVAL-RESULT:", "agree" if np.allclose(benim, scipy_sonuc) else "differ")
