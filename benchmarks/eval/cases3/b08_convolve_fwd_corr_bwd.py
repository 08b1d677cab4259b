# eval-label: buggy
# eval-expect: CNV201@16,CNV206@19|20
# eval-why: the backward pass uses the cross-correlation gradients (convolve2d of d_out, correlate2d of the image), but the forward pass convolves, so both gradients belong to a different layer
# eval-fix: signal.convolve2d(image, self.kernel => signal.correlate2d(image, self.kernel
import numpy as np
from scipy import signal


class Conv2D:
    def __init__(self, kernel_size=3, seed=0):
        rng = np.random.default_rng(seed)
        self.kernel = rng.uniform(-1, 1, (kernel_size, kernel_size))

    def forward(self, image):
        self.image = image
        return signal.convolve2d(image, self.kernel, mode="valid")

    def backward(self, d_out):
        d_kernel = signal.correlate2d(self.image, d_out, mode="valid")
        d_image = signal.convolve2d(d_out, self.kernel, mode="full")
        return d_image, d_kernel


def loss(layer, image, target):
    return 0.5 * np.sum((layer.forward(image) - target) ** 2)


rng = np.random.default_rng(5)
layer = Conv2D()
image = rng.normal(size=(9, 9))
target = rng.normal(size=(7, 7))
d_image, d_kernel = layer.backward(layer.forward(image) - target)

eps = 1e-6
numeric = np.zeros_like(layer.kernel)
for i in range(3):
    for j in range(3):
        layer.kernel[i, j] += eps
        up = loss(layer, image, target)
        layer.kernel[i, j] -= 2 * eps
        down = loss(layer, image, target)
        layer.kernel[i, j] += eps
        numeric[i, j] = (up - down) / (2 * eps)

print("EVAL-RESULT:", "agree" if np.allclose(numeric, d_kernel, rtol=1e-4, atol=1e-6) else "differ")
