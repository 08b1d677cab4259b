# eval-label: clean
# eval-why: a multi-channel correlate2d layer with the correct gradients: dx = convolve2d(delta, W[f, c], 'full'), dW = correlate2d(x, delta, 'valid'); checked by finite differences
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvLayer:
    def __init__(self, W):
        self.W = W                                  # (n_filters, n_channels, kh, kw)

    def feed(self, x):
        self.x = x
        return np.stack([sum(correlate2d(x[c], self.W[f, c], "valid") for c in range(len(x)))
                         for f in range(len(self.W))])

    def propagate_error(self, delta):
        grad_x = np.zeros_like(self.x)
        grad_W = np.zeros_like(self.W)
        for f in range(self.W.shape[0]):
            for c in range(self.W.shape[1]):
                kern = self.W[f, c]
                grad_x[c] += convolve2d(delta[f], kern, "full")
                grad_W[f, c] = correlate2d(self.x[c], delta[f], "valid")
        return grad_x, grad_W


rng = np.random.default_rng(32)
layer = ConvLayer(rng.standard_normal((2, 3, 3, 3)))
x = rng.standard_normal((3, 6, 6))
r = rng.standard_normal((2, 4, 4))
layer.feed(x)
gx, gW = layer.propagate_error(r)
eps, num_x, num_W = 1e-6, np.zeros_like(x), np.zeros_like(layer.W)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = eps
    num_x[idx] = np.sum((layer.feed(x + e) - layer.feed(x - e)) * r) / (2 * eps)
W0 = layer.W.copy()
for idx in np.ndindex(W0.shape):
    e = np.zeros_like(W0)
    e[idx] = eps
    num_W[idx] = np.sum((ConvLayer(W0 + e).feed(x) - ConvLayer(W0 - e).feed(x)) * r) / (2 * eps)
ok = np.allclose(gx, num_x, atol=1e-6) and np.allclose(gW, num_W, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
