# eval-label: clean
# eval-why: a consistent true-convolution layer: convolve2d forward, correlate2d(g, W, "full") input gradient and a kernel gradient from the rotated cached input; finite differences agree
"""True-convolution filter layer whose inputs are only kept while a ``recording()`` block is open."""
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
        return signal.convolve2d(x, self.weight, "valid")

    def backward(self, grad_out):
        if self._x is None:
            raise RuntimeError("forward was not recorded")
        grad_in = signal.correlate2d(grad_out, self.weight, "full")
        grad_w = signal.convolve2d(self._x[::-1, ::-1], grad_out, "valid")
        self._x = None
        return grad_in, grad_w


rng = np.random.default_rng(9)
x = rng.normal(size=(10, 10))
layer = RecordingFilter(rng.normal(size=(3, 2)))
with layer.recording():
    y = layer.forward(x)
g = rng.normal(size=y.shape)
grad_in, grad_w = layer.backward(g)

eps = 1e-6
num_w = np.zeros_like(layer.weight)
base = layer.weight.copy()
for idx in np.ndindex(*base.shape):
    for sgn in (1, -1):
        layer.weight = base.copy()
        layer.weight[idx] += sgn * eps
        num_w[idx] += sgn * np.sum(layer.forward(x) * g) / (2 * eps)
layer.weight = base
probe = rng.normal(size=x.shape)
adj = np.isclose(np.vdot(layer.forward(probe), g), np.vdot(probe, grad_in))
print("EVAL-RESULT:", "agree" if adj and np.allclose(num_w, grad_w, atol=1e-6) else "differ")
