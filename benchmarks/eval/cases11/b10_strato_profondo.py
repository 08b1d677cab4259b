# eval-label: buggy
# eval-expect: CNV206@34|33
# eval-why: the depthwise forward correlates each channel, so the input gradient must be convolve2d(g, k, 'full'); correlate2d(g, k, 'full') misses the flip
# eval-fix: correlate2d(g, k, "full") => convolve2d(g, k, "full")
"""Strato convoluzionale depthwise (un filtro per canale) per la rete MobileNet-lite.

Convenzione dei framework: ogni canale è correlato con il proprio filtro,
    y[c, i, j] = sum_{m,n} x[c, i + m, j + n] * peso[c, m, n]
"""
from types import SimpleNamespace

import numpy as np
from scipy.signal import convolve2d, correlate2d


class StratoProfondo:
    def __init__(self, canali, k, rng):
        self.parametri = SimpleNamespace(
            peso=rng.normal(scale=0.5, size=(canali, k, k)),
            grad_peso=np.zeros((canali, k, k)),
        )
        self.cache = None

    def avanti(self, x):
        self.cache = x
        return np.stack([correlate2d(xc, k, "valid") for xc, k in zip(x, self.parametri.peso)])

    def indietro(self, dy):
        x = self.cache
        self.parametri.grad_peso = np.stack(
            [correlate2d(xc, g, "valid") for xc, g in zip(x, dy)]
        )
        grad_ingresso = np.stack(
            [correlate2d(g, k, "full") for g, k in zip(dy, self.parametri.peso)]
        )
        return grad_ingresso

    def aggiorna(self, passo=1e-2):
        self.parametri.peso -= passo * self.parametri.grad_peso


def attivazione_relu6(z):
    return np.clip(z, 0.0, 6.0)


def differenze_finite(f, a, eps=1e-6):
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        salvato = a[idx]
        a[idx] = salvato + eps
        piu = f()
        a[idx] = salvato - eps
        meno = f()
        a[idx] = salvato
        g[idx] = (piu - meno) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(21)
    strato = StratoProfondo(canali=2, k=3, rng=rng)
    x = rng.normal(size=(2, 8, 7))
    a_monte = rng.normal(size=(2, 6, 5))
    strato.avanti(x)
    gx = strato.indietro(a_monte)
    gw = strato.parametri.grad_peso.copy()
    perdita = lambda: float((strato.avanti(x) * a_monte).sum())
    gx_num = differenze_finite(perdita, x)
    gw_num = differenze_finite(perdita, strato.parametri.peso)
    print("relu6 media:", attivazione_relu6(strato.avanti(x)).mean().round(3))
    print("errore gx", np.abs(gx - gx_num).max(), "errore gw", np.abs(gw - gw_num).max())
    ok = np.allclose(gx, gx_num, atol=1e-5) and np.allclose(gw, gw_num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
