# eval-label: buggy
# eval-expect: CNV206@20
# eval-why: the layer uses true convolution forward (convolve2d) but bprop's input gradient is convolve2d(dy, K, 'full'), which is the gradient of a correlation (needs correlate2d)
# eval-fix: dx = convolve2d(dy, self.K, mode="full") => dx = correlate2d(dy, self.K, mode="full")
import numpy as np
from scipy.signal import convolve2d, correlate2d


class TrueConv:
    """LeNet-style layer built on mathematical convolution."""

    def __init__(self, K):
        self.K = K

    def fprop(self, x):
        self.x = x
        return convolve2d(x, self.K, mode="valid")

    def bprop(self, dy):
        dx = convolve2d(dy, self.K, mode="full")
        dK = correlate2d(self.x, dy, mode="valid")[::-1, ::-1]
        return dx, dK


rng = np.random.default_rng(14)
K = rng.standard_normal((3, 4))
x = rng.standard_normal((8, 9))
layer = TrueConv(K)
dy = rng.standard_normal(layer.fprop(x).shape)
dx, dK = layer.bprop(dy)
eps, num_dx = 1e-6, np.zeros_like(x)
for idx in np.ndindex(x.shape):
    d = np.zeros_like(x)
    d[idx] = eps
    num_dx[idx] = np.sum((layer.fprop(x + d) - layer.fprop(x - d)) * dy) / (2 * eps)
num_dK = np.zeros_like(K)
for idx in np.ndindex(K.shape):
    d = np.zeros_like(K)
    d[idx] = eps
    num_dK[idx] = np.sum((convolve2d(x, K + d, "valid") - convolve2d(x, K - d, "valid")) * dy) / (2 * eps)
ok = np.allclose(dx, num_dx, atol=1e-6) and np.allclose(dK, num_dK, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
