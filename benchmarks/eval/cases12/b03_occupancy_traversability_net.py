# eval-label: buggy
# eval-expect: CNV201@18,CNV206@21|22
# eval-why: the layer's docstring and both backward gradients are those of a cross-correlation, but forward calls convolve2d, so the gradients belong to the other operation and fail a finite-difference check
# eval-fix: return signal.convolve2d(x, self.vikt, mode="valid") => return signal.correlate2d(x, self.vikt, mode="valid")
"""Traversability net for robot occupancy grids; Sekvens.backward walks its layers in reverse."""
import numpy as np
from scipy import signal


class Faltning:
    """Learned 2-D filter:  y[i, j] = sum_{m, n} x[i + m, j + n] * w[m, n]."""

    def __init__(self, vikt):
        self.vikt = np.array(vikt, dtype=float)

    def forward(self, x):
        self.x = x
        return signal.convolve2d(x, self.vikt, mode="valid")

    def backward(self, g):
        self.grad = signal.correlate2d(self.x, g, mode="valid")
        return signal.convolve2d(g, self.vikt, mode="full")


class Relu:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, g):
        return g * self.mask


class Sekvens:
    def __init__(self, *lager):
        self.lager = list(lager)

    def forward(self, x):
        for lag in self.lager:
            x = lag.forward(x)
        return x

    def backward(self, g):
        for lag in reversed(self.lager):
            g = lag.backward(g)
        return g

    def parametrar(self):
        return [lag for lag in self.lager if hasattr(lag, "vikt")]


def karta(rng, h=24, w=24, p=0.3):
    """Random occupancy grid: 1 occupied, 0 free, 0.5 unknown."""
    g = (rng.random((h, w)) < p).astype(float)
    g[rng.random((h, w)) < 0.1] = 0.5
    return g


def forlust(natet, x, mal):
    return 0.5 * np.sum((natet.forward(x) - mal) ** 2)


rng = np.random.default_rng(11)
natet = Sekvens(Faltning(rng.standard_normal((3, 3))), Relu(), Faltning(rng.standard_normal((3, 3))))
x = karta(rng)
mal = rng.standard_normal((20, 20))
natet.backward(natet.forward(x) - mal)
analytisk = [lag.grad.copy() for lag in natet.parametrar()]

eps, fel = 1e-6, 0.0
for lag, ga in zip(natet.parametrar(), analytisk):
    for idx in np.ndindex(lag.vikt.shape):
        lag.vikt[idx] += eps
        fp = forlust(natet, x, mal)
        lag.vikt[idx] -= 2 * eps
        fm = forlust(natet, x, mal)
        lag.vikt[idx] += eps
        fel = max(fel, abs((fp - fm) / (2 * eps) - ga[idx]) / (1.0 + abs(ga[idx])))
print("max relative gradient error", fel)
print("EVAL-RESULT:", "agree" if fel < 1e-5 else "differ")
