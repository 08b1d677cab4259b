# eval-label: clean
# eval-why: a 1-D correlation layer with the matching gradients (dw = np.correlate(x, g, 'valid'), dx = np.convolve(g, w, 'full')), checked by finite differences
"""1-D conv layer for vibration monitoring (single channel, no padding)."""

import numpy as np


class TemporalLayer:
    def __init__(self, taps):
        self.w = np.asarray(taps, dtype=float)
        self.x = None

    def forward(self, x):
        self.x = x
        return np.correlate(x, self.w, "valid")

    def backward(self, g):
        self.dw = np.correlate(self.x, g, "valid")
        return np.convolve(g, self.w, "full")


if __name__ == "__main__":
    rng = np.random.default_rng(20)
    layer = TemporalLayer([0.2, -0.7, 0.4, 0.9, -0.1])
    x = rng.normal(size=25)
    g = rng.normal(size=21)
    layer.forward(x)
    dx = layer.backward(g)
    eps = 1e-6
    num_x = np.array([np.dot(g, layer.forward(x + eps * e) - layer.forward(x - eps * e)) / (2 * eps) for e in np.eye(25)])
    w0 = layer.w.copy()
    num_w = np.zeros(5)
    for m in range(5):
        layer.w = w0.copy()
        layer.w[m] += eps
        up = np.dot(g, layer.forward(x))
        layer.w[m] -= 2 * eps
        num_w[m] = (up - np.dot(g, layer.forward(x))) / (2 * eps)
    layer.w = w0
    layer.forward(x)
    layer.backward(g)
    ok = np.allclose(dx, num_x, atol=1e-6) and np.allclose(layer.dw, num_w, atol=1e-6)
    print("EVAL-RESULT:", "agree" if ok else "differ")
