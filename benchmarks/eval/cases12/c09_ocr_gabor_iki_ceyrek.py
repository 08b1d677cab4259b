# eval-label: clean
# eval-why: evrisim flips the odd Gabor kernel with two quarter turns (a 180-degree rotation) before ndimage.correlate, which is a convolution, and the bank matches ndimage.convolve for every orientation
"""OCR on isleme: Gabor bankasi ile yazi satiri yonu; yanitlar bir uretecten gelir."""
import numpy as np
from scipy import ndimage


def gabor(theta, sigma=2.0, lam=6.0, boyut=11):
    h = boyut // 2
    y, x = np.meshgrid(np.arange(-h, h + 1.0), np.arange(-h, h + 1.0), indexing="ij")
    xr = x * np.cos(theta) + y * np.sin(theta)
    yr = -x * np.sin(theta) + y * np.cos(theta)
    return np.exp(-(xr**2 + 0.5 * yr**2) / (2 * sigma**2)) * np.sin(2 * np.pi * xr / lam)


def evrisim(goruntu, cekirdek):
    """True convolution through ndimage.correlate: rotate the kernel by 180 degrees."""
    ters = np.rot90(np.rot90(cekirdek))
    return ndimage.correlate(goruntu, ters, mode="reflect")


def banka(goruntu, acilar):
    for aci in acilar:
        yield aci, evrisim(goruntu, gabor(aci))


rng = np.random.default_rng(10)
yy, xx = np.mgrid[0:64, 0:96].astype(float)
sayfa = (np.sin(2 * np.pi * (yy * np.cos(0.12) - xx * np.sin(0.12)) / 9.0) > 0.4).astype(float)
sayfa *= rng.random(sayfa.shape) > 0.15

ok = True
for aci, yanit in banka(sayfa, np.deg2rad([0.0, 20.0, 55.0, 100.0])):
    ok &= np.allclose(yanit, ndimage.convolve(sayfa, gabor(aci), mode="reflect"))
print("EVAL-RESULT:", "agree" if ok else "differ")
