# eval-label: clean
# eval-why: the correlation layer's pullback uses the cross-correlation gradients (a full convolve2d of the upstream gradient with the kernel, and correlate2d of the input with the gradient), which pass finite-difference checks on the input and the kernel
"""Fasepicker (P/S) op spectrogrammen; lagen in een dict, pullback in omgekeerde volgorde."""
import numpy as np
from scipy import signal


class Correlatielaag:
    """Cross-correlation layer, y = correlate2d(x, w, 'valid')."""

    def __init__(self, gewicht):
        self.gewicht = np.asarray(gewicht, dtype=float)
        self.dgewicht = np.zeros_like(self.gewicht)

    def __call__(self, x):
        self.invoer = x
        return signal.correlate2d(x, self.gewicht, mode="valid")

    def pullback(self, grad):
        self.dgewicht = signal.correlate2d(self.invoer, grad, mode="valid")
        return signal.convolve2d(grad, self.gewicht, mode="full")


class Tanh:
    def __call__(self, x):
        self.y = np.tanh(x)
        return self.y

    def pullback(self, grad):
        return grad * (1.0 - self.y**2)


class Picker:
    def __init__(self, rng):
        self.lagen = {
            "conv1": Correlatielaag(0.3 * rng.standard_normal((3, 5))),
            "act1": Tanh(),
            "conv2": Correlatielaag(0.3 * rng.standard_normal((3, 3))),
        }

    def __call__(self, x):
        for laag in self.lagen.values():
            x = laag(x)
        return x

    def pullback(self, grad):
        for naam in reversed(list(self.lagen)):
            grad = self.lagen[naam].pullback(grad)
        return grad


rng = np.random.default_rng(17)
net = Picker(rng)
x = rng.standard_normal((20, 26))
v = rng.standard_normal(net(x).shape)
richting = rng.standard_normal(x.shape)


def doel(inp):
    return float(np.sum(net(inp) * v))


eps = 1e-6
dx = net.pullback(v)
fout = abs(np.sum(dx * richting) - (doel(x + eps * richting) - doel(x - eps * richting)) / (2 * eps))
laag = net.lagen["conv1"]
net(x)
net.pullback(v)
dw = laag.dgewicht.copy()
for idx in np.ndindex(laag.gewicht.shape):
    laag.gewicht[idx] += eps
    fp = doel(x)
    laag.gewicht[idx] -= 2 * eps
    fm = doel(x)
    laag.gewicht[idx] += eps
    fout = max(fout, abs((fp - fm) / (2 * eps) - dw[idx]) / (1.0 + abs(dw[idx])))
print("max gradient error:", fout)
print("EVAL-RESULT:", "agree" if fout < 1e-5 else "differ")
