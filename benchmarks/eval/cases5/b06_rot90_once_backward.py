# eval-label: buggy
# eval-expect: CNV303@27
# eval-why: A single np.rot90 is a quarter turn; flipping a kernel for the backward pass needs np.rot90(k, 2).
# eval-fix: np.rot90(self.noyau) => np.rot90(self.noyau, 2)
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def xcorr_valid(a, k):
    win = sliding_window_view(a, k.shape)
    return np.einsum("ijkl,kl->ij", win, k)


class Filtre:
    """Couche de convolution (au sens de l'apprentissage profond : corrélation)."""

    def __init__(self, noyau):
        self.noyau = np.asarray(noyau, dtype=float)

    def propager(self, x):
        self.entree = x
        return xcorr_valid(x, self.noyau)

    def retropropager(self, grad_sortie):
        kh, kw = self.noyau.shape
        padded = np.pad(grad_sortie, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
        noyau_retourne = np.rot90(self.noyau)  # noyau retourne
        return xcorr_valid(padded, noyau_retourne)


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    f = Filtre([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    x = rng.normal(size=(7, 7))
    y = f.propager(x)
    v = rng.normal(size=y.shape)
    dx = f.retropropager(v)
    print("EVAL-RESULT:", "agree" if np.isclose(np.vdot(y, v), np.vdot(x, dx)) else "differ")
