# eval-label: clean
# eval-why: a consistent true-convolution layer: dx = correlate2d(dy, K, 'full') and dK is the 180-degree rotation of correlate2d(x, dy, 'valid'), checked by finite differences
import numpy as np
from scipy.signal import convolve2d, correlate2d


class TrueConv2d:
    """Mathematical convolution layer (kernel flipped), as in signal-processing texts."""

    def __init__(self, kernel):
        self.kernel = np.asarray(kernel, dtype=float).copy()

    def forward(self, x):
        self.x = x
        return convolve2d(x, self.kernel, "valid")

    def backward(self, dy):
        dx = correlate2d(dy, self.kernel, "full")
        dk = np.rot90(correlate2d(self.x, dy, "valid"), 2)
        return dx, dk


rng = np.random.default_rng(3)
layer = TrueConv2d(rng.standard_normal((2, 3)))
x = rng.standard_normal((7, 7))
dy = rng.standard_normal((6, 5))
layer.forward(x)
dx, dk = layer.backward(dy)
loss = lambda xx, kk: np.vdot(convolve2d(xx, kk, "valid"), dy)
h = 1e-6
ok = True
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x); e[idx] = h
    ok &= abs((loss(x + e, layer.kernel) - loss(x - e, layer.kernel)) / (2 * h) - dx[idx]) < 1e-6
for idx in np.ndindex(dk.shape):
    e = np.zeros_like(dk); e[idx] = h
    ok &= abs((loss(x, layer.kernel + e) - loss(x, layer.kernel - e)) / (2 * h) - dk[idx]) < 1e-6
print("EVAL-RESULT:", "agree" if ok else "differ")
