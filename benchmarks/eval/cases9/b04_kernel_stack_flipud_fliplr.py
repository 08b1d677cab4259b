# eval-label: buggy
# eval-expect: CNV301@48,CNV206@51
# eval-why: on the (n, kh, kw) stack np.flipud reverses the kernel order and np.fliplr the rows, so no kernel is rotated by 180 degrees before the full correlation
# eval-fix: np.fliplr(np.flipud(self._kernels)) => self._kernels[:, ::-1, ::-1]
"""Convolution layer of a small fully-numpy network (assignment 2).

Kernels are stored as one array of shape (n_kernels, kh, kw); the layer maps
one input channel to n_kernels output channels with 'valid' cross-correlation.
"""
import numpy as np
from scipy.signal import correlate2d


class ConvolutionLayer:
    """Single-input-channel convolution layer."""

    name = "conv"

    def __init__(self, n_kernels=3, kernel_shape=(3, 3), learning_rate=1e-2, seed=42):
        rng = np.random.default_rng(seed)
        self._kernels = rng.uniform(-0.5, 0.5, (n_kernels,) + tuple(kernel_shape))
        self._lr = learning_rate
        self._last_input = None

    def __repr__(self):
        return f"ConvolutionLayer(kernels={self._kernels.shape})"

    def forward_pass(self, data):
        """data: (H, W) -> (n_kernels, H-kh+1, W-kw+1)."""
        self._last_input = np.array(data, dtype=float)
        return np.stack([correlate2d(self._last_input, k, "valid") for k in self._kernels])

    def _weight_gradient(self, jacobian):
        return np.stack([correlate2d(self._last_input, j, "valid") for j in jacobian])

    def backward_pass(self, jacobian):
        """Propagate the loss jacobian to the input and take one SGD step.

        The input gradient is the 'full' correlation of each output jacobian
        with the kernel rotated by 180 degrees.
        """
        dk = self._weight_gradient(jacobian)
        out = self._input_gradient(jacobian)
        self._kernels -= self._lr * dk
        return out

    def _input_gradient(self, jacobian):
        rotated = np.fliplr(np.flipud(self._kernels))
        total = np.zeros_like(self._last_input)
        for j, r in zip(jacobian, rotated):
            total += correlate2d(j, r, "full")
        return total


def finite_difference(layer, x, jac, pos, h=1e-6):
    up, down = x.copy(), x.copy()
    up[pos] += h
    down[pos] -= h
    return (np.sum(layer.forward_pass(up) * jac) - np.sum(layer.forward_pass(down) * jac)) / (2 * h)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    layer = ConvolutionLayer(learning_rate=0.0)
    x = rng.normal(size=(7, 8))
    jac = rng.normal(size=(3, 5, 6))
    layer.forward_pass(x)
    analytic = layer.backward_pass(jac)
    checks = [(0, 0), (2, 5), (6, 7), (4, 1), (3, 3)]
    numeric = [finite_difference(layer, x, jac, p) for p in checks]
    same = np.allclose(numeric, [analytic[p] for p in checks], atol=1e-6)
    print(layer)
    print("EVAL-RESULT:", "agree" if same else "differ")
