# eval-label: clean
# eval-why: a layer that uses true convolution throughout: forward convolve2d, dx = correlate2d(dy, K, 'full'), dK = the 180-degree rotation of correlate2d(x, dy, 'valid')
import numpy as np
from scipy.signal import convolve2d, correlate2d


class MathConv:
    def __init__(self, K):
        self.K = K

    def fprop(self, x):
        self.x = x
        return convolve2d(x, self.K, mode="valid")

    def bprop(self, dy):
        dx = correlate2d(dy, self.K, mode="full")
        dK = np.rot90(correlate2d(self.x, dy, mode="valid"), 2)
        return dx, dK


rng = np.random.default_rng(33)
K, x = rng.standard_normal((3, 4)), rng.standard_normal((8, 9))
layer = MathConv(K)
dy = rng.standard_normal(layer.fprop(x).shape)
dx, dK = layer.bprop(dy)
eps = 1e-6
num_dx = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    d = np.zeros_like(x)
    d[idx] = eps
    num_dx[idx] = np.sum((layer.fprop(x + d) - layer.fprop(x - d)) * dy) / (2 * eps)
num_dK = np.zeros_like(K)
for idx in np.ndindex(K.shape):
    d = np.zeros_like(K)
    d[idx] = eps
    num_dK[idx] = np.sum((MathConv(K + d).fprop(x) - MathConv(K - d).fprop(x)) * dy) / (2 * eps)
ok = np.allclose(dx, num_dx, atol=1e-6) and np.allclose(dK, num_dK, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
