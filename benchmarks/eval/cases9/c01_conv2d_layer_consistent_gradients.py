# eval-label: clean
# eval-why: correlate2d forward with the matching gradients (full convolve2d for dx, valid correlate2d for dW), confirmed by finite differences on both
"""Conv2D layer with (C_out, C_in, kh, kw) weights for the numpy MNIST toy net."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class Conv2DLayer:
    """Cross-correlation layer ('valid'), the convention of deep-learning frameworks."""

    def __init__(self, c_in=2, c_out=2, k=3, seed=10):
        rng = np.random.default_rng(seed)
        self.weights = rng.normal(0, 0.4, (c_out, c_in, k, k))
        self.bias = np.zeros(c_out)
        self.x = None
        self.dW = None

    def forward(self, x):
        self.x = np.asarray(x, dtype=float)
        c_out, c_in = self.weights.shape[:2]
        y = np.zeros((c_out,) + tuple(s - self.weights.shape[2] + 1 for s in x.shape[1:]))
        for o in range(c_out):
            for c in range(c_in):
                k = self.weights[o, c]
                y[o] += correlate2d(self.x[c], k, mode="valid")
            y[o] += self.bias[o]
        return y

    def backward(self, dy):
        """Stores dW and returns dx."""
        c_out, c_in = self.weights.shape[:2]
        dx = np.zeros_like(self.x)
        self.dW = np.zeros_like(self.weights)
        for o in range(c_out):
            for c in range(c_in):
                k = self.weights[o, c]
                dx[c] += convolve2d(dy[o], k, mode="full")
                self.dW[o, c] = correlate2d(self.x[c], dy[o], mode="valid")
        return dx


def loss(layer, x, g):
    return float(np.sum(layer.forward(x) * g))


def check(seed=1, eps=1e-6):
    rng = np.random.default_rng(seed)
    layer = Conv2DLayer()
    x = rng.normal(size=(2, 7, 6))
    g = rng.normal(size=(2, 5, 4))
    layer.forward(x)
    dx = layer.backward(g)
    dW = layer.dW.copy()
    ok = True
    for idx in [(0, 0, 0), (1, 6, 5), (0, 3, 2), (1, 2, 4)]:
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        ok &= np.isclose((loss(layer, xp, g) - loss(layer, xm, g)) / (2 * eps), dx[idx], atol=1e-6)
    for idx in [(0, 1, 0, 2), (1, 0, 2, 1), (1, 1, 0, 0)]:
        keep = layer.weights[idx]
        layer.weights[idx] = keep + eps
        up = loss(layer, x, g)
        layer.weights[idx] = keep - eps
        down = loss(layer, x, g)
        layer.weights[idx] = keep
        ok &= np.isclose((up - down) / (2 * eps), dW[idx], atol=1e-6)
    return bool(ok)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if check() else "differ")
