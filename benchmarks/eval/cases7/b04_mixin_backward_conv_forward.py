# eval-label: buggy
# eval-expect: CNV201@43,CNV206@18|19
# eval-why: the subclass's forward pass is a true convolution, but the mixin's backward pass it inherits is the gradient of a cross-correlation (dx by convolve2d full, dK by correlate2d valid), so the gradient check fails for the asymmetric kernel
# eval-fix: return convolve2d(x, self.kernel, "valid") => return correlate2d(x, self.kernel, "valid")
"""Single-channel layers for the edge-learning toy.

Gradients live in a mixin so that every layer derived from ``FilterLayer`` can
reuse them; a layer only has to say how it filters.
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class GradientMixin:
    """Backward pass shared by the filtering layers (needs self.kernel, self._x)."""

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

    def __repr__(self):
        return f"{type(self).__name__}{self.kernel.shape}"


class EdgeLayer(GradientMixin, FilterLayer):
    """Learns an edge detector; initialised from a tilted difference kernel."""

    def filter(self, x):
        return convolve2d(x, self.kernel, "valid")


def numeric_grads(layer, x, g, eps=1e-6):
    def loss(xx, kk):
        saved = layer.kernel
        layer.kernel = kk
        val = float((layer.filter(xx) * g).sum())
        layer.kernel = saved
        return val

    dx = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = eps
        dx[idx] = (loss(x + e, layer.kernel) - loss(x - e, layer.kernel)) / (2 * eps)
    dk = np.zeros_like(layer.kernel)
    for idx in np.ndindex(dk.shape):
        e = np.zeros_like(dk); e[idx] = eps
        dk[idx] = (loss(x, layer.kernel + e) - loss(x, layer.kernel - e)) / (2 * eps)
    return dx, dk


if __name__ == "__main__":
    rng = np.random.default_rng(11)
    layer = EdgeLayer([[1.0, 0.0, -2.0], [0.5, 3.0, 0.0]])
    x = rng.standard_normal((7, 8))
    y = layer(x)
    g = rng.standard_normal(y.shape)
    dx, dk = layer.backward(g)
    ndx, ndk = numeric_grads(layer, x, g)
    ok = np.allclose(dx, ndx, atol=1e-6) and np.allclose(dk, ndk, atol=1e-6)
    print(layer)
    print("EVAL-RESULT:", "agree" if ok else "differ")
