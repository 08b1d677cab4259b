# eval-label: buggy
# eval-expect: CNV302@20|27
# eval-why: the flipped_kernel property returns the transpose, which is a mirror about the diagonal, not the 180-degree rotation the correlation-form input gradient needs
# eval-fix: return self.kernel.T => return self.kernel[::-1, ::-1]
"""Square-kernel conv layer for the digit classifier (course project, part 2)."""
import numpy as np
from scipy.signal import correlate2d


class SquareConv:
    def __init__(self, size, seed=None):
        rng = np.random.default_rng(seed)
        self.kernel = rng.standard_normal((size, size)) * 0.1
        self.bias = 0.0
        self.last_input = None

    @property
    def flipped_kernel(self):
        """The kernel rotated by 180 degrees (used by the backward pass)."""
        return self.kernel.T

    def forward(self, image):
        self.last_input = image
        return correlate2d(image, self.kernel, "valid") + self.bias

    def backward(self, grad, lr=0.0):
        dx = correlate2d(grad, self.flipped_kernel, "full")
        dk = correlate2d(self.last_input, grad, "valid")
        if lr:
            self.kernel -= lr * dk
            self.bias -= lr * grad.sum()
        return dx


class MaxPool2:
    def forward(self, x):
        h, w = x.shape[0] // 2 * 2, x.shape[1] // 2 * 2
        self.x = x[:h, :w]
        blocks = self.x.reshape(h // 2, 2, w // 2, 2)
        return blocks.max(axis=(1, 3))


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def relu(z):
    return np.maximum(z, 0.0)


def gradient_check(layer, x, g, eps=1e-6):
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        num[idx] = ((layer.forward(xp) - layer.forward(xm)) * g).sum() / (2 * eps)
    layer.forward(x)
    return np.allclose(layer.backward(g), num, atol=1e-6)


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    layer = SquareConv(3, seed=2)
    x = rng.standard_normal((8, 8))
    g = rng.standard_normal((6, 6))
    print("EVAL-RESULT:", "agree" if gradient_check(layer, x, g) else "differ")
