# eval-label: buggy
# eval-expect: CNV201@33,CNV206@37|39
# eval-why: the layer documents and back-propagates a cross-correlation (dx = convolve2d(dy, w, 'full'), dw = correlate2d(x, dy, 'valid')) but its forward pass calls convolve2d, so the gradients belong to a different operation
# eval-fix: return convolve2d(x, self.params.weight, mode="valid") + self.params.bias => return correlate2d(x, self.params.weight, mode="valid") + self.params.bias
"""Single-channel conv layer of the denoising autoencoder demo.

Deep-learning convention (cross-correlation, as torch.nn.Conv2d):

    y[i, j] = sum_{m, n} x[i + m, j + n] * w[m, n] + b
"""
from dataclasses import dataclass
from typing import Optional

import numpy as np
from scipy.signal import convolve2d, correlate2d


@dataclass
class Params:
    weight: np.ndarray
    bias: float = 0.0
    grad_weight: Optional[np.ndarray] = None
    grad_bias: float = 0.0


class ConvLayer:
    def __init__(self, kh: int, kw: int, rng: np.random.Generator):
        self.params = Params(weight=rng.normal(scale=0.3, size=(kh, kw)))
        self._x: Optional[np.ndarray] = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._x = x
        return convolve2d(x, self.params.weight, mode="valid") + self.params.bias

    def backward(self, dy: np.ndarray) -> np.ndarray:
        p = self.params
        p.grad_weight = correlate2d(self._x, dy, mode="valid")
        p.grad_bias = float(dy.sum())
        return convolve2d(dy, p.weight, mode="full")


class SGD:
    def __init__(self, layers, lr=1e-2):
        self.layers, self.lr = layers, lr

    def step(self):
        for layer in self.layers:
            layer.params.weight -= self.lr * layer.params.grad_weight
            layer.params.bias -= self.lr * layer.params.grad_bias


def numeric_grad(f, a, eps=1e-6):
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + eps
        up = f()
        a[idx] = old - eps
        down = f()
        a[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    layer = ConvLayer(3, 4, rng)
    x = rng.normal(size=(9, 10))
    upstream = rng.normal(size=(7, 7))
    layer.forward(x)
    dx = layer.backward(upstream)
    dw = layer.params.grad_weight.copy()
    loss = lambda: float((layer.forward(x) * upstream).sum())
    dx_num = numeric_grad(loss, x)
    dw_num = numeric_grad(loss, layer.params.weight)
    print("dx err", np.abs(dx - dx_num).max(), "dw err", np.abs(dw - dw_num).max())
    SGD([layer]).step()
    ok = np.allclose(dx, dx_num, atol=1e-5) and np.allclose(dw, dw_num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
