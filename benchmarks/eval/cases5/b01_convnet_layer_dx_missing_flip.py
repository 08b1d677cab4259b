# eval-label: buggy
# eval-expect: CNV206@30
# eval-why: The input gradient of a correlate2d forward pass is a full convolution with the kernel; correlating again omits the flip.
# eval-fix: return correlate2d(grad, kern, mode="full") => return convolve2d(grad, kern, mode="full")
"""Tiny convnet for 8x8 digit patches, written for a course project.

Layer API: forward(x) caches what backward(grad) needs; parameters live in
``self.params`` so the optimiser can walk them.
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvLayer:
    def __init__(self, ksize=3, seed=0):
        rng = np.random.default_rng(seed)
        self.params = {"kern": rng.normal(scale=0.5, size=(ksize, ksize)), "bias": 0.0}
        self.grads = {}
        self._x = None

    def forward(self, x):
        self._x = x
        return correlate2d(x, self.params["kern"], mode="valid") + self.params["bias"]

    def backward(self, grad):
        kern = self.params["kern"]
        self.grads["kern"] = correlate2d(self._x, grad, mode="valid")
        self.grads["bias"] = grad.sum()
        # gradient w.r.t. the input: spread every output error back over its window
        return correlate2d(grad, kern, mode="full")


def relu(z):
    return np.maximum(z, 0.0)


def loss_and_grad(layer, x, target):
    out = layer.forward(x)
    diff = out - target
    return 0.5 * np.sum(diff**2), diff


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    layer = ConvLayer()
    x = rng.normal(size=(8, 8))
    target = rng.normal(size=(6, 6))
    _, d = loss_and_grad(layer, x, target)
    dx = layer.backward(d)
    # finite-difference check of the input gradient
    eps, num = 1e-6, np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        num[idx] = (loss_and_grad(layer, xp, target)[0] - loss_and_grad(layer, xm, target)[0]) / (2 * eps)
    ok = np.allclose(dx, num, atol=1e-5)
    print("max |dx - num|:", np.abs(dx - num).max())
    print("EVAL-RESULT:", "agree" if ok else "differ")
