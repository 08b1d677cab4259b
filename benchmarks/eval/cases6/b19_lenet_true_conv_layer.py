# eval-label: buggy
# eval-expect: CNV206@44
# eval-why: the forward pass is a true convolution, so its input gradient is a full correlation with the kernel; the backward copies the correlation layer's convolve2d and misses the flip
# eval-fix: convolve2d(grad_out[n, o], self.kernels[o, i], mode="full") => correlate2d(grad_out[n, o], self.kernels[o, i], mode="full")
"""LeNet-style layer that uses the mathematical convolution, as in the 1998 paper.

forward:   Y[n, o] = b[o] + sum_i conv2d(X[n, i], K[o, i], 'valid')
backward:  gradients for X, K and b.
"""

import numpy as np
from scipy.signal import convolve2d, correlate2d


class TrueConvLayer:
    def __init__(self, n_in, n_out, k=3, seed=0):
        rng = np.random.default_rng(seed)
        self.kernels = rng.uniform(-0.5, 0.5, (n_out, n_in, k, k))
        self.bias = np.zeros(n_out)
        self.inputs = None

    def forward(self, X):
        self.inputs = X
        n_b, n_in, h, w = X.shape
        n_out, _, kh, kw = self.kernels.shape
        Y = np.empty((n_b, n_out, h - kh + 1, w - kw + 1))
        for n in range(n_b):
            for o in range(n_out):
                acc = np.full(Y.shape[2:], self.bias[o])
                for i in range(n_in):
                    acc += convolve2d(X[n, i], self.kernels[o, i], mode="valid")
                Y[n, o] = acc
        return Y

    def backward(self, grad_out):
        X = self.inputs
        n_b, n_in = X.shape[:2]
        n_out = self.kernels.shape[0]
        dX = np.zeros_like(X)
        dK = np.zeros_like(self.kernels)
        for n in range(n_b):
            for o in range(n_out):
                for i in range(n_in):
                    dX[n, i] += convolve2d(grad_out[n, o], self.kernels[o, i], mode="full")
                    dK[o, i] += np.rot90(correlate2d(X[n, i], grad_out[n, o], mode="valid"), 2)
        self.dK = dK
        self.db = grad_out.sum(axis=(0, 2, 3))
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
    rng = np.random.default_rng(31)
    layer = TrueConvLayer(2, 2)
    X = rng.normal(size=(2, 2, 7, 6))
    G = rng.normal(size=(2, 2, 5, 4))
    layer.forward(X)
    dX = layer.backward(G)

    def objective():
        return float(np.sum(G * layer.forward(X)))

    ok = np.allclose(dX, fd(objective, X), atol=1e-5)
    ok = ok and np.allclose(layer.dK, fd(objective, layer.kernels), atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
