# eval-label: buggy
# eval-expect: CNV206@23
# eval-why: the correlation layer's pullback correlates the upstream gradient with the kernel in 'full' mode; the input gradient of a correlate2d forward needs convolve2d (the missing flip), so the directional finite-difference check fails
# eval-fix: return signal.correlate2d(grad, self.gewicht, mode="full") => return signal.convolve2d(grad, self.gewicht, mode="full")
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
        return signal.correlate2d(grad, self.gewicht, mode="full")


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


def spectrogram(spoor, nperseg=32, noverlap=24):
    _, _, z = signal.stft(spoor, nperseg=nperseg, noverlap=noverlap)
    s = np.log1p(np.abs(z))
    return (s - s.mean()) / s.std()


def synthetisch_spoor(rng, n=1024, p=300, s=620):
    t = np.arange(n)
    x = 0.2 * rng.standard_normal(n)
    x += np.where(t >= p, np.sin(0.9 * (t - p)) * np.exp(-(t - p) / 60.0), 0.0)
    x += np.where(t >= s, 2.0 * np.sin(0.4 * (t - s)) * np.exp(-(t - s) / 90.0), 0.0)
    return x


rng = np.random.default_rng(17)
net = Picker(rng)
x = spectrogram(synthetisch_spoor(rng))
v = rng.standard_normal(net(x).shape)
richting = rng.standard_normal(x.shape)
analytisch = float(np.sum(net.pullback(v) * richting))
eps = 1e-6
numeriek = (np.sum(net(x + eps * richting) * v) - np.sum(net(x - eps * richting) * v)) / (2 * eps)
fout = abs(analytisch - numeriek) / max(1.0, abs(numeriek))
print("input-gradient error:", fout)
print("EVAL-RESULT:", "agree" if fout < 1e-6 else "differ")
