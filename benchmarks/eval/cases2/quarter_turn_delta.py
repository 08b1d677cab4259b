# eval-label: buggy
# eval-expect: CNV303@15,CNV206@16
# eval-why: the input gradient of a correlate2d forward rotates the kernel with np.rot90(kernel), a quarter turn, before a 'full' correlation, where a 180-degree rotation is needed
# eval-fix: np.rot90(kernel) => np.rot90(kernel, 2)
import numpy as np
from scipy.signal import correlate2d


def forward(image, kernel):
    return correlate2d(image, kernel, "valid")


def backward(delta, kernel):
    # rotate the kernel and do a full correlation
    rotated = np.rot90(kernel)
    return correlate2d(delta, rotated, "full")


rng = np.random.default_rng(22)
image, kernel = rng.standard_normal((6, 6)), rng.standard_normal((3, 3))
delta = rng.standard_normal((4, 4))
dx = backward(delta, kernel)
eps, num = 1e-6, np.zeros_like(image)
for idx in np.ndindex(image.shape):
    ip, im = image.copy(), image.copy()
    ip[idx] += eps
    im[idx] -= eps
    num[idx] = np.sum((forward(ip, kernel) - forward(im, kernel)) * delta) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
