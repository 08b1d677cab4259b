# eval-label: clean
# eval-why: Two np.flip calls on axes 0 and 1 are the 180-degree rotation, so correlating with it is the full convolution the gradient needs.
"""Conv layer whose input gradient is written as 'correlate with the flipped kernel'."""
import numpy as np
from scipy.signal import correlate2d


class Layer:
    def __init__(self, w):
        self.w = np.asarray(w, dtype=float)

    def forward(self, x):
        self.x = x
        return correlate2d(x, self.w, "valid")

    def backward(self, g):
        w_flip = np.flip(np.flip(self.w, axis=0), axis=1)
        self.dw = correlate2d(self.x, g, "valid")
        return correlate2d(g, w_flip, "full")


rng = np.random.default_rng(10)
layer = Layer(rng.normal(size=(3, 4)))
x = rng.normal(size=(8, 9))
y = layer.forward(x)
v = rng.normal(size=y.shape)
dx = layer.backward(v)
print("EVAL-RESULT:", "agree" if np.isclose(np.vdot(y, v), np.vdot(x, dx)) else "differ")
