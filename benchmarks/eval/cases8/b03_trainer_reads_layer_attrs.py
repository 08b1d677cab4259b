# eval-label: buggy
# eval-expect: CNV201@20,CNV206@35|36
# eval-why: the layer's forward is a true convolution but the separate trainer forms the cross-correlation gradients (dx = convolve2d(dy, K, 'full'), dK = correlate2d(x, dy, 'valid')) from its attributes
# eval-fix: self.out = signal.convolve2d(x, self.kernel, "valid") => self.out = signal.correlate2d(x, self.kernel, "valid")
"""Tiny single-filter model trained by a separate trainer object."""
import numpy as np
from scipy import signal


class FilterLayer:
    """One 2-D filter; stores what the trainer needs after each call."""

    def __init__(self, kernel):
        self.kernel = np.array(kernel, dtype=float)
        self.inp = None
        self.out = None

    def __call__(self, x):
        self.inp = x
        self.out = signal.convolve2d(x, self.kernel, "valid")
        return self.out


class Trainer:
    """Plain SGD; computes the layer's gradients from its cached attributes."""

    def __init__(self, layer, lr=1e-3):
        self.layer = layer
        self.lr = lr
        self.history = []

    def gradients(self, target):
        dy = self.layer.out - target
        self.history.append(0.5 * float(np.sum(dy ** 2)))
        d_in = signal.convolve2d(dy, self.layer.kernel, "full")
        d_k = signal.correlate2d(self.layer.inp, dy, "valid")
        return d_in, d_k

    def step(self, x, target):
        self.layer(x)
        _, d_k = self.gradients(target)
        self.layer.kernel -= self.lr * d_k


def loss(layer, x, target):
    return 0.5 * np.sum((layer(x) - target) ** 2)


rng = np.random.default_rng(3)
x = rng.normal(size=(9, 8))
target = rng.normal(size=(7, 5))
layer = FilterLayer(rng.normal(size=(3, 4)))
trainer = Trainer(layer)
layer(x)
d_in, d_k = trainer.gradients(target)

eps = 1e-6
num_k = np.zeros_like(layer.kernel)
for idx in np.ndindex(*layer.kernel.shape):
    layer.kernel[idx] += eps
    up = loss(layer, x, target)
    layer.kernel[idx] -= 2 * eps
    dn = loss(layer, x, target)
    layer.kernel[idx] += eps
    num_k[idx] = (up - dn) / (2 * eps)
num_x = np.zeros_like(x)
for idx in np.ndindex(*x.shape):
    xp, xm = x.copy(), x.copy()
    xp[idx] += eps
    xm[idx] -= eps
    num_x[idx] = (loss(layer, xp, target) - loss(layer, xm, target)) / (2 * eps)
ok = np.allclose(num_k, d_k, atol=1e-5) and np.allclose(num_x, d_in, atol=1e-5)
print("EVAL-RESULT:", "agree" if ok else "differ")
