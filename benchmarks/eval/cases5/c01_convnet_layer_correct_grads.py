# eval-label: clean
# eval-why: A correlate2d forward with dx = convolve2d(grad, K, 'full') and dK = correlate2d(x, grad, 'valid') is the exact gradient.
"""Single-filter conv layer (deep-learning convention) with a gradient check."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvLayer:
    def __init__(self, k=3, seed=0):
        self.kern = np.random.default_rng(seed).normal(size=(k, k))

    def forward(self, x):
        self.x = x
        return correlate2d(x, self.kern, mode="valid")

    def backward(self, grad):
        self.dkern = correlate2d(self.x, grad, mode="valid")
        return convolve2d(grad, self.kern, mode="full")


def objective(layer, x, g):
    return float(np.sum(layer.forward(x) * g))


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    layer = ConvLayer()
    x = rng.normal(size=(7, 8))
    g = rng.normal(size=(5, 6))
    layer.forward(x)
    dx = layer.backward(g)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = 1e-6
        num[idx] = (objective(layer, x + e, g) - objective(layer, x - e, g)) / 2e-6
    layer.forward(x)
    layer.backward(g)
    base = layer.kern.copy()
    numk = np.zeros_like(base)
    for idx in np.ndindex(base.shape):
        layer.kern = base.copy(); layer.kern[idx] += 1e-6
        fp = objective(layer, x, g)
        layer.kern = base.copy(); layer.kern[idx] -= 1e-6
        numk[idx] = (fp - objective(layer, x, g)) / 2e-6
    layer.kern = base
    layer.forward(x)
    layer.backward(g)
    ok = np.allclose(dx, num, atol=1e-5) and np.allclose(layer.dkern, numk, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
