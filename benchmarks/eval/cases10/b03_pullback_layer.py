# eval-label: buggy
# eval-expect: CNV201@21,CNV206@25|26
# eval-why: the layer is documented (and back-propagated) as a PyTorch-style cross-correlation, but apply() computes a true convolution, so pullback() is the gradient of another operation.
# eval-fix: return signal.convolve(x, self.kernel, mode="valid") => return signal.correlate(x, self.kernel, mode="valid")
"""Single-channel filter layer for the tiny autodiff used in the denoising notebook."""
import numpy as np
from scipy import signal


class FilterLayer:
    """y[i, j] = sum_{m, n} x[i + m, j + n] * k[m, n]   (cross-correlation, as torch)."""

    def __init__(self, kh=3, kw=3, seed=0):
        rng = np.random.default_rng(seed)
        self.kernel = rng.normal(size=(kh, kw)) / np.sqrt(kh * kw)
        self.grad_kernel = np.zeros_like(self.kernel)
        self._x = None

    def apply(self, x):
        self._x = x
        return signal.convolve(x, self.kernel, mode="valid")

    def pullback(self, grad_out):
        """Vector-Jacobian product: returns dL/dx, stores dL/dk."""
        dx = signal.convolve(grad_out, self.kernel, mode="full")
        dk = signal.correlate(self._x, grad_out, mode="valid")
        self.grad_kernel += dk
        return dx

    def step(self, lr=1e-2):
        """Plain SGD on the kernel, then clear the accumulator."""
        self.kernel -= lr * self.grad_kernel
        self.grad_kernel[...] = 0.0

    def state_dict(self):
        return {"kernel": self.kernel.copy()}

    def load_state_dict(self, state):
        self.kernel = np.array(state["kernel"], dtype=float)
        self.grad_kernel = np.zeros_like(self.kernel)


def numeric_grad(f, arr, eps=1e-6):
    g = np.zeros_like(arr)
    for idx in np.ndindex(arr.shape):
        old = arr[idx]
        arr[idx] = old + eps
        up = f()
        arr[idx] = old - eps
        down = f()
        arr[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g


rng = np.random.default_rng(42)
layer = FilterLayer(3, 3, seed=3)
x = rng.normal(size=(7, 8))
weights = rng.normal(size=(5, 6))     # L = sum(weights * y)

layer.apply(x)
dx = layer.pullback(weights)
loss = lambda: float(np.sum(weights * layer.apply(x)))
dx_fd = numeric_grad(loss, x)
dk_fd = numeric_grad(loss, layer.kernel)
ok = np.allclose(dx, dx_fd, atol=1e-5) and np.allclose(layer.grad_kernel, dk_fd, atol=1e-5)
print("EVAL-RESULT:", "agree" if ok else "differ")
