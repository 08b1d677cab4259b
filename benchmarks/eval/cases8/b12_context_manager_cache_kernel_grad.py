# eval-label: buggy
# eval-expect: CNV206@35
# eval-why: the forward correlates, so the kernel gradient is correlate2d(x, dy, 'valid'); convolve2d(x, dy, 'valid') is the swapped (pre-2018 tutorial) convention and gives the rotated gradient
# eval-fix: signal.convolve2d(self._x, grad_out, "valid") => signal.correlate2d(self._x, grad_out, "valid")
"""Filter layer whose inputs are only kept while a ``recording()`` block is open."""
import contextlib

import numpy as np
from scipy import signal


class RecordingFilter:
    def __init__(self, weight):
        self.weight = np.asarray(weight, dtype=float)
        self._recording = False
        self._x = None

    @contextlib.contextmanager
    def recording(self):
        self._recording = True
        try:
            yield self
        finally:
            self._recording = False

    def forward(self, x):
        if self._recording:
            self._x = x.copy()
        return signal.correlate2d(x, self.weight, "valid")

    def backward(self, grad_out):
        if self._x is None:
            raise RuntimeError("forward was not recorded")
        grad_in = signal.convolve2d(grad_out, self.weight, "full")
        grad_w = signal.convolve2d(self._x, grad_out, "valid")
        self._x = None
        return grad_in, grad_w


rng = np.random.default_rng(9)
x = rng.normal(size=(10, 10))
layer = RecordingFilter(rng.normal(size=(3, 2)))
with layer.recording():
    y = layer.forward(x)
g = rng.normal(size=y.shape)
_, grad_w = layer.backward(g)

eps = 1e-6
num_w = np.zeros_like(layer.weight)
base = layer.weight.copy()
for idx in np.ndindex(*base.shape):
    for sgn in (1, -1):
        layer.weight = base.copy()
        layer.weight[idx] += sgn * eps
        num_w[idx] += sgn * np.sum(layer.forward(x) * g) / (2 * eps)
layer.weight = base
print("EVAL-RESULT:", "agree" if np.allclose(num_w, grad_w, atol=1e-6) else "differ")
