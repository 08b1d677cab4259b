# eval-label: buggy
# eval-expect: CNV301@21|22,CNV206@22
# eval-why: input_map[::-1][::-1] reverses axis 0 twice and changes nothing, so the kernel gradient of the true-convolution layer is computed from the unrotated input
# eval-fix: self.input_map[::-1][::-1] => self.input_map[::-1, ::-1]
"""LeNet-style feature map with true convolution (as in the original C code)."""
import numpy as np
from scipy.signal import convolve2d


class ConvMap:
    def __init__(self, kernel):
        self.kernel = np.array(kernel, dtype=float)
        self.input_map = None

    def forward(self, input_map):
        self.input_map = input_map
        return convolve2d(input_map, self.kernel, mode="valid")

    def kernel_gradient(self, delta):
        """dE/dk for the valid convolution: convolve the rotated input with delta."""
        rotated = self.input_map[::-1][::-1]
        return convolve2d(rotated, delta, mode="valid")


rng = np.random.default_rng(30)
m = ConvMap(rng.standard_normal((3, 3)))
x = rng.standard_normal((8, 8))
delta = rng.standard_normal((6, 6))
m.forward(x)
dk = m.kernel_gradient(delta)
fd = np.zeros((3, 3))
for a, b in np.ndindex(3, 3):
    kp, km = m.kernel.copy(), m.kernel.copy()
    kp[a, b] += 1e-6
    km[a, b] -= 1e-6
    up = np.sum(convolve2d(x, kp, "valid") * delta)
    down = np.sum(convolve2d(x, km, "valid") * delta)
    fd[a, b] = (up - down) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dk, fd, atol=1e-6) else "differ")
