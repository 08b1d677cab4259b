# eval-label: clean
# eval-why: a layer that uses true convolution forward and the matching gradients backward (dX = full correlation, dK = rotated valid correlation), checked by finite differences
"""Convolution layer in the signal-processing convention (kernel flipped).

Y[n, o] = b[o] + sum_i convolve2d(X[n, i], K[o, i], 'valid')
"""

import numpy as np
from scipy.signal import convolve2d, correlate2d


class SignalConvLayer:
    def __init__(self, n_in, n_out, k=3, seed=0):
        rng = np.random.default_rng(seed)
        self.K = rng.normal(0, 0.4, (n_out, n_in, k, k))
        self.b = rng.normal(0, 0.1, n_out)
        self.X = None

    def forward(self, X):
        self.X = X
        N, C, H, W = X.shape
        O, _, kh, kw = self.K.shape
        Y = np.zeros((N, O, H - kh + 1, W - kw + 1))
        for n in range(N):
            for o in range(O):
                Y[n, o] = self.b[o]
                for i in range(C):
                    Y[n, o] += convolve2d(X[n, i], self.K[o, i], mode="valid")
        return Y

    def backward(self, dY):
        X = self.X
        N, C = X.shape[:2]
        O = self.K.shape[0]
        dX = np.zeros_like(X)
        dK = np.zeros_like(self.K)
        for n in range(N):
            for o in range(O):
                for i in range(C):
                    dX[n, i] += correlate2d(dY[n, o], self.K[o, i], mode="full")
                    dK[o, i] += correlate2d(X[n, i], dY[n, o], mode="valid")[::-1, ::-1]
        self.dK = dK
        self.db = dY.sum(axis=(0, 2, 3))
        return dX


def fd(fun, arr, eps=1e-6):
    out = np.zeros_like(arr)
    for idx in np.ndindex(arr.shape):
        keep = arr[idx]
        arr[idx] = keep + eps
        up = fun()
        arr[idx] = keep - eps
        down = fun()
        arr[idx] = keep
        out[idx] = (up - down) / (2 * eps)
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    layer = SignalConvLayer(2, 3)
    X = rng.normal(size=(2, 2, 6, 7))
    G = rng.normal(size=(2, 3, 4, 5))
    layer.forward(X)
    dX = layer.backward(G)

    def objective():
        return float(np.sum(G * layer.forward(X)))

    ok = np.allclose(dX, fd(objective, X), atol=1e-5)
    ok = ok and np.allclose(layer.dK, fd(objective, layer.K), atol=1e-5)
    ok = ok and np.allclose(layer.db, fd(objective, layer.b), atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
