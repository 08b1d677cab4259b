# eval-label: buggy
# eval-expect: CNV206@43
# eval-why: the forward pass correlates, so the input gradient needs a full convolution with the kernel; propagate_error correlates with it instead (missing flip)
# eval-fix: acc += correlate2d(grad_out[o], k, mode="full") => acc += convolve2d(grad_out[o], k, mode="full")
"""Tiny convnet building block: a multi-channel 'valid' convolution layer.

The layer follows the deep-learning convention (no kernel flip) and keeps its
weights as a (C_out, C_in, kh, kw) stack, like most frameworks.
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvBlock:
    """A 2-D convolution block with bias, trained by plain SGD."""

    def __init__(self, c_in, c_out, size=3, seed=0):
        rng = np.random.default_rng(seed)
        scale = 1.0 / np.sqrt(c_in * size * size)
        self.weights = rng.normal(0.0, scale, (c_out, c_in, size, size))
        self.bias = np.zeros(c_out)
        self.cache = None

    def forward(self, x):
        """x: (C_in, H, W) -> (C_out, H-kh+1, W-kw+1)."""
        self.cache = np.asarray(x, dtype=float)
        c_out, c_in = self.weights.shape[:2]
        outs = []
        for o in range(c_out):
            plane = sum(correlate2d(self.cache[c], self.weights[o, c], mode="valid")
                        for c in range(c_in))
            outs.append(plane + self.bias[o])
        return np.stack(outs)

    def propagate_error(self, grad_out):
        """Gradient of the loss with respect to the block's input."""
        c_out, c_in = self.weights.shape[:2]
        grad_in = np.zeros_like(self.cache)
        for c in range(c_in):
            acc = np.zeros(self.cache.shape[1:])
            for o in range(c_out):
                k = self.weights[o, c]
                acc += correlate2d(grad_out[o], k, mode="full")
            grad_in[c] = acc
        return grad_in

    def parameter_count(self):
        return self.weights.size + self.bias.size


def numeric_input_grad(layer, x, g, idx, eps=1e-6):
    xp, xm = x.copy(), x.copy()
    xp[idx] += eps
    xm[idx] -= eps
    return (np.sum(layer.forward(xp) * g) - np.sum(layer.forward(xm) * g)) / (2 * eps)


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    block = ConvBlock(2, 3)
    x = rng.normal(size=(2, 8, 9))
    g = rng.normal(size=(3, 6, 7))
    block.forward(x)
    analytic = block.propagate_error(g)
    picks = [(0, 1, 2), (1, 4, 4), (0, 7, 0), (1, 3, 8), (0, 5, 6)]
    numeric = np.array([numeric_input_grad(block, x, g, p) for p in picks])
    ok = np.allclose(numeric, [analytic[p] for p in picks], atol=1e-6)
    print("params:", block.parameter_count())
    print("EVAL-RESULT:", "agree" if ok else "differ")
