# eval-label: clean
# eval-why: a correlate2d layer whose backward pass (retro) uses dx = convolve2d(dy, K, 'full') and dK = correlate2d(x, dy, 'valid'), both right, checked by finite differences
"""Couche de convolution (corrélation croisée, convention des frameworks)."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class CoucheConv:
    def __init__(self, noyau):
        self.noyau = np.array(noyau, dtype=float)

    def avant(self, entree):
        self.entree = entree
        return correlate2d(entree, self.noyau, mode="valid")

    def retro(self, grad_sortie):
        grad_entree = convolve2d(grad_sortie, self.noyau, mode="full")
        grad_noyau = correlate2d(self.entree, grad_sortie, mode="valid")
        return grad_entree, grad_noyau


rng = np.random.default_rng(2)
couche = CoucheConv(rng.standard_normal((3, 2)))
x = rng.standard_normal((6, 7))
g = rng.standard_normal((4, 6))
couche.avant(x)
gx, gk = couche.retro(g)
J = lambda xx, kk: np.sum(correlate2d(xx, kk, mode="valid") * g)
h = 1e-6
fx = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x); e[idx] = h
    fx[idx] = (J(x + e, couche.noyau) - J(x - e, couche.noyau)) / (2 * h)
fk = np.zeros_like(couche.noyau)
for idx in np.ndindex(fk.shape):
    e = np.zeros_like(fk); e[idx] = h
    fk[idx] = (J(x, couche.noyau + e) - J(x, couche.noyau - e)) / (2 * h)
ok = np.allclose(gx, fx, atol=1e-6) and np.allclose(gk, fk, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
