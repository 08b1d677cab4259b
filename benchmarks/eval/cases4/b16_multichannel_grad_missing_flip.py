# eval-label: buggy
# eval-expect: CNV206@33
# eval-why: the input gradient of a correlate2d layer needs the full convolution with each kernel; grad correlates dy with the alias w = self.W[f, c] instead (missing flip)
# eval-fix: correlate2d(dy[f], w, mode="full") => correlate2d(dy[f], w[::-1, ::-1], mode="full")
import numpy as np
from scipy.signal import correlate2d


class ConvLayer:
    """Multi-channel convolution layer (deep-learning convention: cross-correlation)."""

    def __init__(self, c_in, c_out, k, rng):
        self.W = 0.1 * rng.standard_normal((c_out, c_in, k, k))
        self.b = np.zeros(c_out)

    def __call__(self, x):
        self.x = x
        c_out, c_in = self.W.shape[:2]
        h, w_ = x.shape[1] - self.W.shape[2] + 1, x.shape[2] - self.W.shape[3] + 1
        y = np.zeros((c_out, h, w_))
        for f in range(c_out):
            for c in range(c_in):
                y[f] += correlate2d(x[c], self.W[f, c], mode="valid")
            y[f] += self.b[f]
        return y

    def grad(self, dy):
        """Return dL/dx for the upstream gradient dy."""
        dx = np.zeros_like(self.x)
        for f in range(self.W.shape[0]):
            for c in range(self.W.shape[1]):
                w = self.W[f, c]
                dx[c] += correlate2d(dy[f], w, mode="full")
        return dx


rng = np.random.default_rng(0)
layer = ConvLayer(2, 3, 3, rng)
x = rng.standard_normal((2, 6, 7))
g = rng.standard_normal((3, 4, 5))
layer(x)
dx = layer.grad(g)
num = np.zeros_like(x)
for idx in np.ndindex(*x.shape):
    e = np.zeros_like(x)
    e[idx] = 1e-6
    num[idx] = (np.sum(layer(x + e) * g) - np.sum(layer(x - e) * g)) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
