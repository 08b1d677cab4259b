# eval-label: buggy
# eval-expect: CNV206@21
# eval-why: the forward is np.correlate, so the tap gradient is np.correlate(x, g, 'valid'); np.convolve(x, g, 'valid') returns it reversed
# eval-fix: np.convolve(xs, g, "valid") => np.correlate(xs, g, "valid")
"""1-D convolution layer for the sensor-anomaly model (single channel, no padding)."""

import numpy as np


class Conv1DLayer:
    def __init__(self, taps):
        self.w = np.asarray(taps, dtype=float)
        self.xs = None

    def forward(self, xs):
        self.xs = xs
        return np.correlate(xs, self.w, "valid")

    def backward(self, g):
        xs = self.xs
        dw = np.convolve(xs, g, "valid")
        dx = np.convolve(g, self.w, "full")
        return dx, dw


if __name__ == "__main__":
    rng = np.random.default_rng(41)
    layer = Conv1DLayer([0.3, -0.8, 0.1, 0.5])
    xs = rng.normal(size=30)
    g = rng.normal(size=27)
    layer.forward(xs)
    dx, dw = layer.backward(g)
    eps = 1e-6
    num_w = np.zeros(4)
    for m in range(4):
        bump = np.zeros(4)
        bump[m] = eps
        up = np.dot(g, np.correlate(xs, layer.w + bump, "valid"))
        down = np.dot(g, np.correlate(xs, layer.w - bump, "valid"))
        num_w[m] = (up - down) / (2 * eps)
    num_x = np.array([np.dot(g, np.correlate(xs + eps * e, layer.w, "valid") - np.correlate(xs - eps * e, layer.w, "valid")) / (2 * eps) for e in np.eye(30)])
    ok = np.allclose(dw, num_w, atol=1e-6) and np.allclose(dx, num_x, atol=1e-6)
    print("EVAL-RESULT:", "agree" if ok else "differ")
