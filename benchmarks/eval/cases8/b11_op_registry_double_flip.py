# eval-label: buggy
# eval-expect: CNV206@27
# eval-why: the registered backward applies the textbook "full convolution with the rotated kernel" with signal.convolve, which rotates again, so the input gradient is a correlation for a correlating forward
# eval-fix: signal.convolve(grad, np.flip(w), mode="full") => signal.convolve(grad, w, mode="full")
"""A very small tape-based autodiff: ops register (forward, backward) in a dict."""
import numpy as np
from scipy import signal

REGISTRY = {}


def register(name):
    def deco(pair_factory):
        REGISTRY[name] = pair_factory()
        return pair_factory
    return deco


@register("conv2d")
def _conv2d():
    def fwd(x, w):
        return signal.correlate(x, w, mode="valid"), (x, w)

    def bwd(grad, saved):
        x, w = saved
        # dL/dx: full convolution of the gradient with the rotated kernel
        gx = signal.convolve(grad, np.flip(w), mode="full")
        gw = signal.correlate(x, grad, mode="valid")
        return gx, gw
    return fwd, bwd


@register("relu")
def _relu():
    def fwd(x):
        return np.maximum(x, 0), (x,)

    def bwd(grad, saved):
        return (grad * (saved[0] > 0),)
    return fwd, bwd


class Tape:
    def __init__(self):
        self.records = []

    def run(self, name, *args):
        out, saved = REGISTRY[name][0](*args)
        self.records.append((name, saved))
        return out

    def backprop(self, grad):
        grads = []
        for name, saved in reversed(self.records):
            res = REGISTRY[name][1](grad, saved)
            grad = res[0]
            grads.append(res)
        return grads


rng = np.random.default_rng(5)
x = rng.normal(size=(7, 9))
w = rng.normal(size=(2, 3))
tape = Tape()
y = tape.run("conv2d", x, w)
g = rng.normal(size=y.shape)
(gx, gw), = tape.backprop(g)
eps = 1e-6
num = np.array([[(np.sum(signal.correlate(x + eps * (np.arange(x.size) == i * 9 + j).reshape(x.shape), w,
                 mode="valid") * g) - np.sum(y * g)) / eps for j in range(9)] for i in range(7)])
print("EVAL-RESULT:", "agree" if np.allclose(num, gx, atol=1e-4) else "differ")
