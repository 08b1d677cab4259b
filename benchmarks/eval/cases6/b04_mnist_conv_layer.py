# eval-label: buggy
# eval-expect: CNV201@33,CNV206@47|48
# eval-why: the forward pass convolves (kernel rotated) while the backward uses the cross-correlation gradients (dX = full convolve, dW = valid correlate), so the gradients belong to a different layer
# eval-fix: convolve2d(X[n, c], self.W[f, c], mode="valid") => correlate2d(X[n, c], self.W[f, c], mode="valid")
"""Tiny numpy CNN for the MNIST homework (layer code).

Conv2D keeps its weights as (out_channels, in_channels, kh, kw) and works on
batches shaped (N, C, H, W).  The backward pass follows the lecture notes:
dX is the full convolution of dY with W, dW the valid cross-correlation of X
with dY.
"""

import numpy as np
from scipy.signal import convolve2d, correlate2d


class Conv2D:
    def __init__(self, c_in, c_out, k, seed=0):
        rng = np.random.default_rng(seed)
        self.W = rng.normal(0, 1 / np.sqrt(c_in * k * k), size=(c_out, c_in, k, k))
        self.b = np.zeros(c_out)
        self.cache = None
        self.dW = None
        self.db = None

    def forward(self, X):
        N, C, H, W_ = X.shape
        F, _, kh, kw = self.W.shape
        out = np.zeros((N, F, H - kh + 1, W_ - kw + 1))
        for n in range(N):
            for f in range(F):
                for c in range(C):
                    out[n, f] += convolve2d(X[n, c], self.W[f, c], mode="valid")
                out[n, f] += self.b[f]
        self.cache = X
        return out

    def backward(self, dY):
        X = self.cache
        N, C = X.shape[:2]
        F = self.W.shape[0]
        dX = np.zeros_like(X)
        dW = np.zeros_like(self.W)
        for n in range(N):
            for f in range(F):
                for c in range(C):
                    dX[n, c] += convolve2d(dY[n, f], self.W[f, c], mode="full")
                    dW[f, c] += correlate2d(X[n, c], dY[n, f], mode="valid")
        self.dW = dW
        self.db = dY.sum(axis=(0, 2, 3))
        return dX

    def sgd(self, lr):
        self.W -= lr * self.dW
        self.b -= lr * self.db


def numeric_grad(f, arr, eps=1e-6):
    g = np.zeros_like(arr)
    for idx in np.ndindex(arr.shape):
        old = arr[idx]
        arr[idx] = old + eps
        hi = f()
        arr[idx] = old - eps
        lo = f()
        arr[idx] = old
        g[idx] = (hi - lo) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    layer = Conv2D(2, 3, 3)
    X = rng.normal(size=(2, 2, 6, 7))
    G = rng.normal(size=(2, 3, 4, 5))  # upstream gradient; loss = sum(G * Y)
    layer.forward(X)
    dX = layer.backward(G)

    def loss():
        return np.sum(G * layer.forward(X))

    ok_x = np.allclose(dX, numeric_grad(loss, X), atol=1e-5)
    ok_w = np.allclose(layer.dW, numeric_grad(loss, layer.W), atol=1e-5)
    print("dX ok:", ok_x, " dW ok:", ok_w)
    print("EVAL-RESULT:", "agree" if ok_x and ok_w else "differ")
