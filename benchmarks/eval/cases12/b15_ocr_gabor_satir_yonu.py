# eval-label: buggy
# eval-expect: CNV303@27|28
# eval-why: evrisim turns ndimage.correlate into a convolution by "flipping" the odd Gabor kernel with a single np.rot90, a quarter turn that swaps the filter's orientation instead of rotating it 180 degrees, so the bank disagrees with ndimage.convolve
# eval-fix: ters = np.rot90(cekirdek) => ters = np.rot90(cekirdek, 2)
"""Yazi satiri yonu kestirimi (OCR on isleme) icin Gabor filtre bankasi.

Bankanin yanitlari bir uretecten (generator) gelir; satir_yonu en yuksek
enerjili aciyi secer.
"""
import numpy as np
from scipy import ndimage


def gabor(theta, sigma=2.5, lam=6.0, boyut=11, faz="tek"):
    """Gabor kernel built by formula on an np.mgrid grid; faz='tek' is the odd (sine) part."""
    h = boyut // 2
    y, x = np.mgrid[-h:h + 1, -h:h + 1].astype(float)
    xr = x * np.cos(theta) + y * np.sin(theta)
    yr = -x * np.sin(theta) + y * np.cos(theta)
    zarf = np.exp(-(xr**2 + 0.5 * yr**2) / (2.0 * sigma**2))
    dalga = np.sin(2 * np.pi * xr / lam) if faz == "tek" else np.cos(2 * np.pi * xr / lam)
    return zarf * dalga


def evrisim(goruntu, cekirdek):
    """True convolution through ndimage.correlate: flip the kernel first."""
    ters = np.rot90(cekirdek)  # cekirdegi ters cevir
    return ndimage.correlate(goruntu, ters, mode="reflect")


def banka_yanitlari(goruntu, acilar, **gabor_ayar):
    for aci in acilar:
        yield aci, evrisim(goruntu, gabor(aci, **gabor_ayar))


def satir_yonu(goruntu, n=12):
    acilar = np.linspace(0, np.pi, n, endpoint=False)
    enerji = {aci: float(np.sum(y**2)) for aci, y in banka_yanitlari(goruntu, acilar)}
    return max(enerji, key=enerji.get)


def sahte_sayfa(rng, egim_derece=7.0, h=64, w=96):
    yy, xx = np.mgrid[0:h, 0:w].astype(float)
    t = np.deg2rad(egim_derece)
    satir = np.sin(2 * np.pi * (yy * np.cos(t) - xx * np.sin(t)) / 9.0) > 0.4
    return satir.astype(float) * (rng.random((h, w)) > 0.15)


# ---- tests ------------------------------------------------------------------
def test_evrisim_ndimage_ile_ayni():
    rng = np.random.default_rng(10)
    sayfa = sahte_sayfa(rng)
    acilar = np.deg2rad([0.0, 20.0, 55.0, 100.0])
    for aci, yanit in banka_yanitlari(sayfa, acilar, sigma=2.0):
        beklenen = ndimage.convolve(sayfa, gabor(aci, sigma=2.0), mode="reflect")
        if not np.allclose(yanit, beklenen):
            return False
    return True


print("text-line angle (deg):", round(np.degrees(satir_yonu(sahte_sayfa(np.random.default_rng(1)))), 1))
print("EVAL-RESULT:", "agree" if test_evrisim_ndimage_ile_ayni() else "differ")
