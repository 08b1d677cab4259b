# eval-label: clean
# eval-why: the subclass filters with correlate2d and the inherited backward pass uses exactly the correlation gradients (dx = convolve2d(dy, K, 'full'), dK = correlate2d(x, dy, 'valid')); finite differences agree
"""Single-channel layers sharing a gradient mixin."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class GradientMixin:
    """Backward pass for layers that cross-correlate (needs self.kernel, self._x)."""

    def backward(self, grad):
        dx = convolve2d(grad, self.kernel, "full")
        dk = correlate2d(self._x, grad, "valid")
        return dx, dk


class FilterLayer:
    def __init__(self, kernel):
        self.kernel = np.asarray(kernel, dtype=float)
        self._x = None

    def __call__(self, x):
        self._x = x
        return self.filter(x)

    def filter(self, x):
        raise NotImplementedError


class EdgeLayer(GradientMixin, FilterLayer):
    def filter(self, x):
        return correlate2d(x, self.kernel, "valid")


class ScaledEdgeLayer(EdgeLayer):
    """Same maths, different initialisation."""

    def __init__(self, kernel, scale=0.5):
        super().__init__(np.asarray(kernel, dtype=float) * scale)


def fd(layer, x, g, eps=1e-6):
    f = lambda xx, kk: float((correlate2d(xx, kk, "valid") * g).sum())
    dx = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = eps
        dx[idx] = (f(x + e, layer.kernel) - f(x - e, layer.kernel)) / (2 * eps)
    dk = np.zeros_like(layer.kernel)
    for idx in np.ndindex(dk.shape):
        e = np.zeros_like(dk); e[idx] = eps
        dk[idx] = (f(x, layer.kernel + e) - f(x, layer.kernel - e)) / (2 * eps)
    return dx, dk


if __name__ == "__main__":
    rng = np.random.default_rng(11)
    layer = ScaledEdgeLayer([[1.0, 0.0, -2.0], [0.5, 3.0, 0.0]])
    x = rng.standard_normal((7, 8))
    g = rng.standard_normal(layer(x).shape)
    dx, dk = layer.backward(g)
    ndx, ndk = fd(layer, x, g)
    ok = np.allclose(dx, ndx, atol=1e-6) and np.allclose(dk, ndk, atol=1e-6)
    print("EVAL-RESULT:", "agree" if ok else "differ")
