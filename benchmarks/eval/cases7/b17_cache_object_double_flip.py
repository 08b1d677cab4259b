# eval-label: buggy
# eval-expect: CNV206@29
# eval-why: for a correlate2d forward the input gradient is convolve2d(g, k, 'full'); rotating k first (the textbook 'full convolution with the rotated kernel') flips it a second time
# eval-fix: dx = convolve2d(g, np.rot90(k, 2), "full") => dx = convolve2d(g, k, "full")
"""Functional conv op with an explicit cache object (no global state)."""
from dataclasses import dataclass

import numpy as np
from scipy.signal import convolve2d, correlate2d


@dataclass(frozen=True)
class ConvCache:
    x: np.ndarray
    k: np.ndarray
    pad: int


def conv_forward(x, k, pad=0):
    xp = np.pad(x, pad)
    y = correlate2d(xp, k, "valid")
    return y, ConvCache(x=x, k=k, pad=pad)


def conv_backward(g, cache: ConvCache):
    k, p = cache.k, cache.pad
    xp = np.pad(cache.x, p)
    dk = correlate2d(xp, g, "valid")
    dx = convolve2d(g, np.rot90(k, 2), "full")
    if p:
        dx = dx[p:-p, p:-p]
    return dx, dk


def relu_forward(x):
    return np.maximum(x, 0.0), x > 0


def relu_backward(g, mask):
    return g * mask


def sgd(params, grads, lr=1e-2):
    return {name: params[name] - lr * grads[name] for name in params}


def loss(x, k, g, pad):
    return float((conv_forward(x, k, pad)[0] * g).sum())


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    x, k = rng.standard_normal((8, 8)), rng.standard_normal((3, 3))
    y, cache = conv_forward(x, k, pad=1)
    g = rng.standard_normal(y.shape)
    dx, dk = conv_backward(g, cache)
    eps = 1e-6
    ndx = np.array([(loss(x + eps * e, k, g, 1) - loss(x - eps * e, k, g, 1)) / (2 * eps)
                    for e in np.eye(x.size).reshape(-1, *x.shape)]).reshape(x.shape)
    ndk = np.array([(loss(x, k + eps * e, g, 1) - loss(x, k - eps * e, g, 1)) / (2 * eps)
                    for e in np.eye(k.size).reshape(-1, *k.shape)]).reshape(k.shape)
    ok = np.allclose(dx, ndx, atol=1e-6) and np.allclose(dk, ndk, atol=1e-6)
    print("EVAL-RESULT:", "agree" if ok else "differ")
