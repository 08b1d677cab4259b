# eval-label: clean
# eval-why: a convolve2d forward with its exact gradients: dx = correlate2d(g, W, 'full'), dW = rot180(correlate2d(x, g, 'valid')).
import numpy as np
from scipy.signal import convolve2d, correlate2d


def fprop(x, W):
    return convolve2d(x, W, mode="valid")


def bprop(x, W, g):
    dx = correlate2d(g, W, mode="full")
    dW = correlate2d(x, g, mode="valid")[::-1, ::-1]
    return dx, dW


if __name__ == "__main__":
    rng = np.random.default_rng(2)
    x, W = rng.normal(size=(7, 6)), rng.normal(size=(3, 2))
    g = rng.normal(size=fprop(x, W).shape)
    dx, dW = bprop(x, W, g)
    num = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        a, b = W.copy(), W.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((fprop(x, a) - fprop(x, b)) * g).sum() / 2e-6
    num_x = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num_x[idx] = ((fprop(a, W) - fprop(b, W)) * g).sum() / 2e-6
    ok = np.allclose(dW, num, atol=1e-5) and np.allclose(dx, num_x, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
