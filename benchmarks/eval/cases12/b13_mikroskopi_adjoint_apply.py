# eval-label: buggy
# eval-expect: CNV301@33|42,CNV206@42
# eval-why: adjoint_apply means to rotate every filter 180 degrees, but np.rot90(self.vikter, 2) on the (C_out, C_in, kh, kw) stack rotates the two channel axes, pairing each gradient map with the wrong, unrotated filter; the dot test fails
# eval-fix: np.rot90(self.vikter, 2) => np.rot90(self.vikter, 2, axes=(2, 3))
"""Cellsegmentering i fluorescensmikroskopi: en flerkanalig korrelationsoperator.

`apply` tar (N, C_in, H, W) och ger (N, C_out, H', W'); `adjoint_apply` ar
dess adjunkt och anvands av en Landweber-losare och av backprop.
"""
import numpy as np
from scipy import ndimage, signal


class Flerkanalskorrelation:
    def __init__(self, vikter):
        self.vikter = np.asarray(vikter, dtype=float)   # (C_out, C_in, kh, kw)

    @property
    def storlek(self):
        return self.vikter.shape[2:]

    def apply(self, x):
        c_ut, c_in = self.vikter.shape[:2]
        kh, kw = self.storlek
        ut = np.zeros((x.shape[0], c_ut, x.shape[2] - kh + 1, x.shape[3] - kw + 1))
        for b in range(x.shape[0]):
            for o in range(c_ut):
                for c in range(c_in):
                    ut[b, o] += signal.correlate2d(x[b, c], self.vikter[o, c], mode="valid")
        return ut

    def adjoint_apply(self, g):
        vand = np.rot90(self.vikter, 2)            # 180 grader: korrelation -> faltning
        c_ut, c_in = self.vikter.shape[:2]
        kh, kw = self.storlek
        n, _, gh, gw = g.shape
        dx = np.zeros((n, c_in, gh + kh - 1, gw + kw - 1))
        for b in range(n):
            for c in range(c_in):
                for o in range(c_ut):
                    pad = np.pad(g[b, o], ((kh - 1, kh - 1), (kw - 1, kw - 1)))
                    dx[b, c] += signal.correlate2d(pad, vand[o, c], mode="valid")
        return dx


def syntetiska_celler(rng, n=2, storlek=28):
    bild = np.zeros((n, 2, storlek, storlek))
    for b in range(n):
        for _ in range(6):
            r, c = rng.integers(4, storlek - 4, 2)
            bild[b, 0, r, c] = rng.uniform(0.5, 1.0)         # DAPI kanal
            bild[b, 1, r, min(c + 1, storlek - 1)] = rng.uniform(0.2, 0.6)
    return ndimage.gaussian_filter(bild, sigma=(0, 0, 1.5, 1.5))


def landweber(op, y, x0, steg=0.2, iter=5):
    x = x0.copy()
    for _ in range(iter):
        x -= steg * op.adjoint_apply(op.apply(x) - y)
    return x


rng = np.random.default_rng(6)
op = Flerkanalskorrelation(rng.standard_normal((3, 2, 3, 5)))
x = syntetiska_celler(rng)
y = rng.standard_normal(op.apply(x).shape)
vanster = float(np.vdot(op.apply(x), y))
hoger = float(np.vdot(x, op.adjoint_apply(y)))
print("dot test:", vanster, hoger)
print("EVAL-RESULT:", "agree" if np.isclose(vanster, hoger, rtol=1e-9) else "differ")
