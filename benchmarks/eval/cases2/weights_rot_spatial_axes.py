# eval-label: clean
# eval-why: (out, in, kh, kw) weights are rotated with np.rot90(W, 2, axes=(2, 3)), the spatial axes, before the 'full' correlation of the input gradient
import numpy as np
from scipy.signal import correlate2d


class Conv2D:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x
        return np.stack([sum(correlate2d(x[i], self.W[o, i], "valid") for i in range(x.shape[0]))
                         for o in range(self.W.shape[0])])

    def grad_input(self, dy):
        W_rot = np.rot90(self.W, 2, axes=(2, 3))
        dx = np.zeros_like(self.x)
        for o in range(self.W.shape[0]):
            for i in range(self.W.shape[1]):
                dx[i] += correlate2d(dy[o], W_rot[o, i], "full")
        return dx


rng = np.random.default_rng(34)
layer = Conv2D(rng.standard_normal((2, 3, 3, 2)))
x = rng.standard_normal((3, 6, 6))
dy = rng.standard_normal(layer.forward(x).shape)
dx = layer.grad_input(dy)
eps, num = 1e-6, np.zeros_like(x)
for idx in np.ndindex(x.shape):
    xp, xm = x.copy(), x.copy()
    xp[idx] += eps
    xm[idx] -= eps
    num[idx] = np.sum((layer.forward(xp) - layer.forward(xm)) * dy) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
