# eval-label: clean
# eval-why: a layer that uses true convolution consistently: convolve2d forward, correlate2d 'full' for the input delta and convolve2d of the rotated input for the kernel gradient, all confirmed by finite differences
"""LeNet-style feature map with mathematical convolution (as in the 1998 paper).

    out = convolve2d(in, kernel, 'valid')
    delta_in = correlate2d(delta_out, kernel, 'full')
    grad_kernel = convolve2d(in rotated by 180 degrees, delta_out, 'valid')
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class FeatureMap:
    def __init__(self, ksize=(3, 4), lr=0.01, seed=0):
        rng = np.random.default_rng(seed)
        self.kernel = rng.uniform(-1, 1, ksize)
        self.lr = lr
        self.input_map = None

    def feed_forward(self, input_map):
        self.input_map = np.asarray(input_map, float)
        return convolve2d(self.input_map, self.kernel, mode="valid")

    def kernel_gradient(self, delta):
        rotated_input = self.input_map[::-1, ::-1]
        return convolve2d(rotated_input, delta, mode="valid")

    def back_prop(self, delta, update=True):
        """Return the delta for the previous layer; optionally update the kernel."""
        grad_k = self.kernel_gradient(delta)
        delta_prev = correlate2d(delta, self.kernel, mode="full")
        if update:
            self.kernel -= self.lr * grad_k
        return delta_prev, grad_k


def train_to_target(fm, x, target, epochs=3):
    for _ in range(epochs):
        err = fm.feed_forward(x) - target
        fm.back_prop(err)
    return float(np.mean((fm.feed_forward(x) - target) ** 2))


def finite_difference_ok(seed=2, eps=1e-6):
    rng = np.random.default_rng(seed)
    fm = FeatureMap()
    x = rng.normal(size=(8, 9))
    g = rng.normal(size=(6, 6))
    fm.feed_forward(x)
    dx, dk = fm.back_prop(g, update=False)
    num_x = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        num_x[idx] = (np.sum(fm.feed_forward(xp) * g) - np.sum(fm.feed_forward(xm) * g)) / (2 * eps)
    num_k = np.zeros_like(fm.kernel)
    for idx in np.ndindex(fm.kernel.shape):
        keep = fm.kernel[idx]
        fm.kernel[idx] = keep + eps
        up = np.sum(fm.feed_forward(x) * g)
        fm.kernel[idx] = keep - eps
        down = np.sum(fm.feed_forward(x) * g)
        fm.kernel[idx] = keep
        num_k[idx] = (up - down) / (2 * eps)
    return np.allclose(num_x, dx, atol=1e-6) and np.allclose(num_k, dk, atol=1e-6)


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    print("mse:", train_to_target(FeatureMap(), rng.normal(size=(8, 9)), np.zeros((6, 6))))
    print("EVAL-RESULT:", "agree" if finite_difference_ok() else "differ")
