# eval-label: clean
# eval-why: Reversing only the two spatial axes of the 4-D stack rotates each kernel, so the correlation with it is the input gradient.
import numpy as np
from scipy.signal import correlate2d


class ConvBlock:
    """(C_out, C_in, kh, kw) weights, correlation forward like PyTorch."""

    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x
        return np.stack([sum(correlate2d(x[i], self.W[o, i], "valid") for i in range(x.shape[0]))
                         for o in range(self.W.shape[0])])

    def backward(self, dout):
        W180 = self.W[:, :, ::-1, ::-1]  # every kernel rotated by 180 degrees
        dx = np.zeros_like(self.x)
        for o in range(self.W.shape[0]):
            for i in range(self.W.shape[1]):
                dx[i] += correlate2d(dout[o], W180[o, i], "full")
        return dx


rng = np.random.default_rng(2)
blk = ConvBlock(rng.normal(size=(3, 2, 3, 3)))
x = rng.normal(size=(2, 6, 6))
y = blk.forward(x)
v = rng.normal(size=y.shape)
dx = blk.backward(v)
print("EVAL-RESULT:", "agree" if np.isclose(np.vdot(y, v), np.vdot(x, dx)) else "differ")
