# eval-label: buggy
# eval-expect: CNV201@19,CNV206@22|23
# eval-why: the backward pass uses the cross-correlation gradients (correlate2d(x, dy) and convolve2d(dy, K, 'full')) but the forward pass is a true convolution
# eval-fix: convolve2d(x, self.kernel, "valid") => correlate2d(x, self.kernel, "valid")
import numpy as np
from scipy.signal import convolve2d, correlate2d


class Conv:
    """Single-channel conv layer, valid padding, trained with plain SGD."""

    def __init__(self, kh, kw, seed=0):
        rng = np.random.default_rng(seed)
        self.kernel = rng.standard_normal((kh, kw))
        self.bias = 0.0

    def forward(self, x):
        self.x = x
        return convolve2d(x, self.kernel, "valid") + self.bias

    def backward(self, dy, lr=0.0):
        dk = correlate2d(self.x, dy, "valid")
        dx = convolve2d(dy, self.kernel, "full")
        self.kernel -= lr * dk
        self.bias -= lr * dy.sum()
        return dx, dk


def loss(layer, x, target):
    return 0.5 * np.sum((layer.forward(x) - target) ** 2)


rng = np.random.default_rng(1)
x = rng.standard_normal((7, 8))
layer = Conv(3, 3)
t = rng.standard_normal((5, 6))
_, dk = layer.backward(layer.forward(x) - t)
num = np.zeros_like(dk)
eps = 1e-6
for idx in np.ndindex(*dk.shape):
    layer.kernel[idx] += eps
    up = loss(layer, x, t)
    layer.kernel[idx] -= 2 * eps
    down = loss(layer, x, t)
    layer.kernel[idx] += eps
    num[idx] = (up - down) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(num, dk, atol=1e-5) else "differ")
