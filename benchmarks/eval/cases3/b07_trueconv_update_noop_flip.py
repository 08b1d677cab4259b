# eval-label: buggy
# eval-expect: CNV301@20,CNV206@20
# eval-why: for a convolve2d forward the kernel gradient is the 180-degree rotation of correlate2d(x, g, 'valid'); [::-1][::-1] reverses axis 0 twice and rotates nothing
# eval-fix: [::-1][::-1] => [::-1, ::-1]
import numpy as np
from scipy.signal import convolve2d, correlate2d


class TrueConv:
    """A layer that really convolves (signal-processing convention)."""

    def __init__(self, K):
        self.K = K.copy()

    def forward(self, x):
        self.x_cache = x
        return convolve2d(x, self.K, mode="valid")

    def update(self, grad_out, lr=0.0):
        dK = correlate2d(self.x_cache, grad_out, mode="valid")[::-1][::-1]
        self.K -= lr * dK
        self.last_dK = dK
        return correlate2d(grad_out, self.K, mode="full")


rs = np.random.RandomState(42)
layer = TrueConv(rs.randn(3, 3))
x = rs.randn(8, 8)
out = layer.forward(x)
go = rs.randn(*out.shape)
layer.update(go)

# the loss sum(out * go) is linear in K: its gradient is exact by finite differences
num = np.zeros_like(layer.K)
for idx in np.ndindex(layer.K.shape):
    e = np.zeros_like(layer.K)
    e[idx] = 1.0
    num[idx] = np.sum(convolve2d(x, layer.K + e, "valid") * go) - np.sum(out * go)

print("EVAL-RESULT:", "agree" if np.allclose(num, layer.last_dK) else "differ")
