# eval-label: buggy
# eval-expect: CNV301@19,CNV206@19
# eval-why: the kernel gradient of a convolve2d layer reverses the input with x[::-1][::-1], which indexes axis 0 twice and flips nothing
# eval-fix: [::-1][::-1] => [::-1, ::-1]
import numpy as np
from scipy.signal import convolve2d


class LeNetConv:
    def __init__(self, kernel):
        self.kernel = kernel

    def forward(self, feature_map):
        self.feature_map = feature_map
        return convolve2d(feature_map, self.kernel, mode="valid")

    def kernel_gradient(self, err):
        # dE/dk = rot180(input) (*) err
        return convolve2d(self.feature_map[::-1][::-1], err, mode="valid")


rng = np.random.default_rng(15)
kernel = rng.standard_normal((5, 5))
fm = rng.standard_normal((12, 12))
layer = LeNetConv(kernel)
err = rng.standard_normal(layer.forward(fm).shape)
grad = layer.kernel_gradient(err)
eps, num = 1e-6, np.zeros_like(kernel)
for a in range(5):
    for b in range(5):
        kp, km = kernel.copy(), kernel.copy()
        kp[a, b] += eps
        km[a, b] -= eps
        num[a, b] = np.sum((convolve2d(fm, kp, "valid") - convolve2d(fm, km, "valid")) * err) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(grad, num, atol=1e-6) else "differ")
