# eval-label: buggy
# eval-expect: CNV301@18,CNV206@21
# eval-why: np.fliplr(np.flipud(kernels)) on a (n, kh, kw) stack reverses the kernel order and the rows, never the columns, so the input gradient uses wrongly flipped kernels
# eval-fix: np.fliplr(np.flipud(self.kernels)) => self.kernels[:, ::-1, ::-1]
import numpy as np
from scipy.signal import correlate2d


class ConvolutionLayer:
    def __init__(self, kernels):
        self.kernels = kernels            # shape (n_kernels, kh, kw)

    def forward(self, x):
        self.x = x
        return np.stack([correlate2d(x, k, mode="valid") for k in self.kernels])

    def backward(self, grad):
        flipped = np.fliplr(np.flipud(self.kernels))
        dx = np.zeros_like(self.x)
        for i in range(len(self.kernels)):
            dx += correlate2d(grad[i], flipped[i], mode="full")
        return dx


rng = np.random.default_rng(16)
layer = ConvolutionLayer(rng.standard_normal((3, 3, 3)))
x = rng.standard_normal((7, 7))
g = rng.standard_normal(layer.forward(x).shape)
dx = layer.backward(g)
eps, num = 1e-6, np.zeros_like(x)
for idx in np.ndindex(x.shape):
    xp, xm = x.copy(), x.copy()
    xp[idx] += eps
    xm[idx] -= eps
    num[idx] = np.sum((layer.forward(xp) - layer.forward(xm)) * g) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
