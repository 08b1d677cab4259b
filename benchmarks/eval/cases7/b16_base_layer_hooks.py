# eval-label: buggy
# eval-expect: CNV206@50
# eval-why: the subclass's forward is correlate2d, so the input gradient is the full convolution of the upstream gradient with W; the hook correlates instead (the kernel flip is missing)
# eval-fix: return correlate2d(grad_out, self.W, "full") => return convolve2d(grad_out, self.W, "full")
"""Minimal layer hierarchy: the base class owns the bookkeeping, subclasses the maths."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class Layer:
    trainable = True

    def __init__(self):
        self.cache = {}
        self.grads = {}

    def forward(self, x):
        self.cache["x"] = x
        return self._forward(x)

    def backward(self, grad_out):
        if self.trainable:
            self.grads["W"] = self._weight_grad(grad_out)
        return self._input_grad(grad_out)

    def step(self, lr):
        for name, g in self.grads.items():
            setattr(self, name, getattr(self, name) - lr * g)

    # hooks
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
        return correlate2d(grad_out, self.W, "full")

    def _weight_grad(self, grad_out):
        return correlate2d(self.cache["x"], grad_out, "valid")


class ReLU(Layer):
    trainable = False

    def _forward(self, x):
        return np.maximum(x, 0)

    def _input_grad(self, grad_out):
        return grad_out * (self.cache["x"] > 0)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    conv = Conv2D(3, 2, seed=4)
    x = rng.standard_normal((6, 7))
    g = rng.standard_normal(conv.forward(x).shape)
    dx = conv.backward(g)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = 1e-6
        num[idx] = ((conv._forward(x + e) - conv._forward(x - e)) * g).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
