# eval-label: buggy
# eval-expect: CNV302@25,CNV206@26
# eval-why: the transpose is used as the 180-degree rotation of the kernel in the input gradient; it mirrors about the diagonal instead
# eval-fix: self.kernel.T => self.kernel[::-1, ::-1]
"""Strato convoluzionale per il progetto di Reti Neurali (un solo canale).

avanti:   y = correlazione 'valid' di x con il kernel (come PyTorch)
indietro: dx = correlazione 'full' di dy con il kernel ruotato di 180 gradi
"""

import numpy as np
from scipy.signal import correlate2d


class StratoConv:
    def __init__(self, kernel):
        self.kernel = np.asarray(kernel, dtype=float)
        self.ingresso = None

    def avanti(self, x):
        self.ingresso = x
        return correlate2d(x, self.kernel, mode="valid")

    def indietro(self, dy, passo=0.0):
        kernel_ruotato = self.kernel.T  # ruoto il kernel di 180 gradi
        dx = correlate2d(dy, kernel_ruotato, mode="full")
        dk = correlate2d(self.ingresso, dy, mode="valid")
        self.kernel -= passo * dk
        return dx


if __name__ == "__main__":
    rng = np.random.default_rng(19)
    strato = StratoConv(rng.normal(size=(3, 3)))
    x = rng.normal(size=(7, 8))
    dy = rng.normal(size=(5, 6))
    strato.avanti(x)
    dx = strato.indietro(dy)
    eps = 1e-6
    numerico = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        numerico[idx] = np.sum(dy * (strato.avanti(xp) - strato.avanti(xm))) / (2 * eps)
    print("EVAL-RESULT:", "agree" if np.allclose(dx, numerico, atol=1e-5) else "differ")
