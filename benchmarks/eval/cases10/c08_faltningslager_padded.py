# eval-label: clean
# eval-why: a padded cross-correlation layer whose input gradient is the full convolution with the kernel (cropped back by the padding) and whose kernel gradient is the valid correlation of the padded input with the upstream gradient; finite differences agree.
"""Faltningslager med nollutfyllnad (laboration 3, djupinlärning)."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class Faltningslager:
    def __init__(self, kanaler_in, kanaler_ut, storlek=3, utfyllnad=1, frö=0):
        slump = np.random.default_rng(frö)
        self.vikter = slump.normal(0, 0.4, (kanaler_ut, kanaler_in, storlek, storlek))
        self.p = utfyllnad

    def framat(self, x):
        p = self.p
        self.xp = np.pad(x, ((0, 0), (p, p), (p, p)))
        return np.stack([sum(correlate2d(self.xp[c], v[c], "valid") for c in range(len(v)))
                         for v in self.vikter])

    def bakat(self, delta):
        p, v = self.p, self.vikter
        dxp = np.zeros_like(self.xp)
        self.dv = np.zeros_like(v)
        for o in range(v.shape[0]):
            for c in range(v.shape[1]):
                dxp[c] += convolve2d(delta[o], v[o, c], "full")
                self.dv[o, c] = correlate2d(self.xp[c], delta[o], "valid")
        return dxp[:, p:-p, p:-p]

    def uppdatera(self, inlärningstakt=0.01, moment=0.9):
        """SGD med moment."""
        if not hasattr(self, "fart"):
            self.fart = np.zeros_like(self.vikter)
        self.fart = moment * self.fart - inlärningstakt * self.dv
        self.vikter += self.fart


def relu(z):
    return np.maximum(z, 0.0)


def relu_bakat(z, delta):
    return delta * (z > 0)


def numerisk(f, a, h=1e-6):
    g = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        a[i] += h; fp = f()
        a[i] -= 2 * h; fm = f()
        a[i] += h
        g[i] = (fp - fm) / (2 * h)
    return g


slump = np.random.default_rng(3)
lager = Faltningslager(2, 2)
x = slump.normal(size=(2, 5, 6))
r = slump.normal(size=(2, 5, 6))
L = lambda: float((r * lager.framat(x)).sum())
lager.framat(x)
dx = lager.bakat(r)
ok = np.allclose(dx, numerisk(L, x), atol=1e-5) and np.allclose(lager.dv, numerisk(L, lager.vikter), atol=1e-5)
print("EVAL-RESULT:", "agree" if ok else "differ")
