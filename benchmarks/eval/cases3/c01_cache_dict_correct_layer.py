# eval-label: clean
# eval-why: correlate2d forward with the matching gradients: convolve2d(dy, W, 'full') for the input and correlate2d(x, dy, 'valid') for the kernel, checked by finite differences
import numpy as np
from scipy.signal import convolve2d, correlate2d


def conv_forward(x, W):
    y = correlate2d(x, W, mode="valid")
    return y, {"x": x, "W": W}


def conv_grad_input(dy, cache):
    return convolve2d(dy, cache["W"], mode="full")


def conv_grad_weight(dy, cache):
    return correlate2d(cache["x"], dy, mode="valid")


rng = np.random.default_rng(10)
x = rng.normal(size=(7, 8))
W = rng.normal(size=(3, 4))
y, cache = conv_forward(x, W)
dy = rng.normal(size=y.shape)
dx = conv_grad_input(dy, cache)
dW = conv_grad_weight(dy, cache)


def fd(f, a, h=1e-6):
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        a[idx] += h
        up = f()
        a[idx] -= 2 * h
        dn = f()
        a[idx] += h
        g[idx] = (up - dn) / (2 * h)
    return g


L = lambda: np.sum(conv_forward(x, W)[0] * dy)
ok = np.allclose(fd(L, x), dx, atol=1e-6) and np.allclose(fd(L, W), dW, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
