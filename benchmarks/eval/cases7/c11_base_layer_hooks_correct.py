# eval-label: clean
# eval-why: the subclass correlates forward and its hooks return the matching gradients (full convolution with W for the input, correlate2d(x, dy) for W); finite differences agree
"""Layer hierarchy: base class does the bookkeeping, subclasses the maths."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class Layer:
    def __init__(self):
        self.cache, self.grads = {}, {}

    def forward(self, x):
        self.cache["x"] = x
        return self._forward(x)

    def backward(self, grad_out):
        self.grads["W"] = self._weight_grad(grad_out)
        return self._input_grad(grad_out)

    def _forward(self, x):
        raise NotImplementedError

    def _input_grad(self, grad_out):
        raise NotImplementedError

    def _weight_grad(self, grad_out):
        raise NotImplementedError


class Conv2D(Layer):
    def __init__(self, kh, kw, seed=0):
        super().__init__()
        self.W = np.random.default_rng(seed).standard_normal((kh, kw))

    def _forward(self, x):
        return correlate2d(x, self.W, "valid")

    def _input_grad(self, grad_out):
        return convolve2d(grad_out, self.W, "full")

    def _weight_grad(self, grad_out):
        return correlate2d(self.cache["x"], grad_out, "valid")


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    conv = Conv2D(3, 2, seed=4)
    x = rng.standard_normal((6, 7))
    g = rng.standard_normal(conv.forward(x).shape)
    dx = conv.backward(g)
    dW = conv.grads["W"]
    ndx = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = 1e-6
        ndx[idx] = ((conv._forward(x + e) - conv._forward(x - e)) * g).sum() / 2e-6
    ndW = np.zeros_like(conv.W)
    for idx in np.ndindex(conv.W.shape):
        w0 = conv.W.copy()
        conv.W[idx] += 1e-6; up = (conv._forward(x) * g).sum()
        conv.W[idx] -= 2e-6; down = (conv._forward(x) * g).sum()
        conv.W = w0
        ndW[idx] = (up - down) / 2e-6
    ok = np.allclose(dx, ndx, atol=1e-6) and np.allclose(dW, ndW, atol=1e-6)
    print("EVAL-RESULT:", "agree" if ok else "differ")
