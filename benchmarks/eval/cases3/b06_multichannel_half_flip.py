# eval-label: buggy
# eval-expect: CNV301@29,CNV206@30
# eval-why: the input gradient of a multi-channel correlation layer reverses only the rows of each W[f, c] plane instead of rotating it by 180 degrees
# eval-fix: self.W[f, c][::-1] => self.W[f, c][::-1, ::-1]
import numpy as np
from scipy.signal import correlate2d


class ConvLayer:
    def __init__(self, n_filters, n_channels, size, rng):
        self.W = rng.standard_normal((n_filters, n_channels, size, size)) * 0.1
        self.X = None

    def forward(self, X):
        self.X = X
        F, C, k, _ = self.W.shape
        H, W = X.shape[1:]
        Y = np.zeros((F, H - k + 1, W - k + 1))
        for f in range(F):
            for c in range(C):
                Y[f] += correlate2d(X[c], self.W[f, c], "valid")
        return Y

    def backward(self, dY):
        F, C, k, _ = self.W.shape
        dX = np.zeros_like(self.X)
        for f in range(F):
            for c in range(C):
                w_rot = self.W[f, c][::-1]
                dX[c] += correlate2d(dY[f], w_rot, "full")
        return dX


rng = np.random.default_rng(7)
layer = ConvLayer(4, 3, 3, rng)
X = rng.standard_normal((3, 6, 6))
Y = layer.forward(X)
dY = rng.standard_normal(Y.shape)
dX = layer.backward(dY)

Z = rng.standard_normal(X.shape)
print("EVAL-RESULT:", "agree" if np.isclose(np.sum(layer.forward(Z) * dY), np.sum(Z * dX)) else "differ")
