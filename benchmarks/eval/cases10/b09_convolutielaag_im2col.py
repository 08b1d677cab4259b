# eval-label: buggy
# eval-expect: CNV206@43
# eval-why: the im2col forward is a cross-correlation, so the input gradient needs the full convolution with the kernel; terug() uses a full correlation (kernel not rotated).
# eval-fix: dx_kanaal = signal.correlate2d(fout_o, w[o, c], mode="full") => dx_kanaal = signal.convolve2d(fout_o, w[o, c], mode="full")
"""Convolutielaag (zonder frameworks) voor het practicum Beeldverwerking.

vooruit: y[o] = sum_c xcorr(x[c], w[o, c]) + b[o], met een im2col-matrix.
terug:   gradiënten naar x, w en b.
"""
import numpy as np
from scipy import signal


def im2col_indices(h, w, kh, kw):
    oh, ow = h - kh + 1, w - kw + 1
    rij = np.arange(oh)[:, None] + np.arange(kh)[None, :]     # (oh, kh)
    kol = np.arange(ow)[:, None] + np.arange(kw)[None, :]     # (ow, kw)
    r = rij[:, None, :, None]
    k = kol[None, :, None, :]
    return np.broadcast_to(r, (oh, ow, kh, kw)), np.broadcast_to(k, (oh, ow, kh, kw))


class Convolutielaag:
    def __init__(self, c_in, c_uit, k=3, zaad=0):
        rng = np.random.default_rng(zaad)
        self.gewichten = rng.normal(0.0, 0.5, size=(c_uit, c_in, k, k))
        self.bias = np.zeros(c_uit)

    def vooruit(self, x):
        self.invoer = x
        c_uit, c_in, kh, kw = self.gewichten.shape
        ri, ki = im2col_indices(x.shape[1], x.shape[2], kh, kw)
        kolommen = x[:, ri, ki]                                # (c_in, oh, ow, kh, kw)
        return np.einsum("cijmn,ocmn->oij", kolommen, self.gewichten) + self.bias[:, None, None]

    def terug(self, fout):
        x, w = self.invoer, self.gewichten
        dx = np.zeros_like(x)
        self.dw = np.zeros_like(w)
        for o in range(w.shape[0]):
            fout_o = fout[o]
            for c in range(w.shape[1]):
                dx_kanaal = signal.correlate2d(fout_o, w[o, c], mode="full")
                dx[c] += dx_kanaal
                self.dw[o, c] = signal.correlate2d(x[c], fout_o, mode="valid")
        self.db = fout.sum(axis=(1, 2))
        return dx


def eindige_differenties(f, x, h=1e-6):
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        plus = f()
        x[idx] -= 2 * h
        min_ = f()
        x[idx] += h
        g[idx] = (plus - min_) / (2 * h)
    return g


rng = np.random.default_rng(1)
laag = Convolutielaag(2, 3)
x = rng.normal(size=(2, 6, 7))
gewicht_verlies = rng.normal(size=(3, 4, 5))
verlies = lambda: float(np.sum(gewicht_verlies * laag.vooruit(x)))
laag.vooruit(x)
dx = laag.terug(gewicht_verlies)
ok = np.allclose(dx, eindige_differenties(verlies, x), atol=1e-5)
ok = ok and np.allclose(laag.dw, eindige_differenties(verlies, laag.gewichten), atol=1e-5)
print("EVAL-RESULT:", "agree" if ok else "differ")
