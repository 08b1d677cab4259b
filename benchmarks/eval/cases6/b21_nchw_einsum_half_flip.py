# eval-label: buggy
# eval-expect: CNV301@31
# eval-why: the backward pass meant to rotate every filter by 180 degrees but W[:, :, ::-1] reverses only the rows of the (F, C, kh, kw) stack
# eval-fix: self.W[:, :, ::-1] => self.W[:, :, ::-1, ::-1]
"""Vectorised conv layer (NCHW) built on sliding_window_view + einsum.

The forward pass is the deep-learning "convolution" (cross-correlation).
The input gradient is the full cross-correlation of the padded upstream
gradient with the 180-degree rotated filters.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view as windows


class ConvNCHW:
    def __init__(self, c_in, c_out, k, rng):
        self.W = rng.normal(0, 0.3, (c_out, c_in, k, k))
        self.b = np.zeros(c_out)
        self.x = None

    def forward(self, x):
        self.x = x
        kh, kw = self.W.shape[2:]
        win = windows(x, (kh, kw), axis=(2, 3))  # (N, C, Ho, Wo, kh, kw)
        return np.einsum("nchwij,fcij->nfhw", win, self.W) + self.b[None, :, None, None]

    def backward(self, dy):
        kh, kw = self.W.shape[2:]
        dyp = np.pad(dy, ((0, 0), (0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
        w_flip = self.W[:, :, ::-1]  # rotate each filter by 180 degrees
        dx = np.einsum("nfhwij,fcij->nchw", windows(dyp, (kh, kw), axis=(2, 3)), w_flip)
        xw = windows(self.x, dy.shape[2:], axis=(2, 3))  # (N, C, kh, kw, Ho, Wo)
        self.dW = np.einsum("ncijhw,nfhw->fcij", xw, dy)
        self.db = dy.sum(axis=(0, 2, 3))
        return dx

    def sgd(self, lr=0.01):
        self.W -= lr * self.dW
        self.b -= lr * self.db


def gradient_check(layer, x, dy, eps=1e-6):
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp = x.copy()
        xp[idx] += eps
        xm = x.copy()
        xm[idx] -= eps
        num[idx] = np.sum(dy * (layer.forward(xp) - layer.forward(xm))) / (2 * eps)
    layer.forward(x)
    dx = layer.backward(dy)
    rel = np.abs(dx - num).max() / np.abs(num).max()
    return rel


if __name__ == "__main__":
    rng = np.random.default_rng(2)
    layer = ConvNCHW(2, 3, 3, rng)
    x = rng.normal(size=(2, 2, 6, 6))
    dy = rng.normal(size=(2, 3, 4, 4))
    rel = gradient_check(layer, x, dy)
    print("relative error of dx:", rel)
    print("EVAL-RESULT:", "agree" if rel < 1e-6 else "differ")
