# eval-label: buggy
# eval-expect: CNV206@15|23
# eval-why: the helper _full_conv used for the input gradient of a correlation layer is written with correlate2d, so the input gradient misses the kernel flip
# eval-fix: signal.correlate2d(g, k, mode="full") => signal.convolve2d(g, k, mode="full")
import numpy as np
from scipy import signal


def _valid_xcorr(x, k):
    return signal.correlate2d(x, k, mode="valid")


def _full_conv(g, k):
    """Pad g by k-1 on every side and slide k over it."""
    return signal.correlate2d(g, k, mode="full")


def layer_forward(x, k):
    return _valid_xcorr(x, k)


def input_gradient(grad_out, k):
    return _full_conv(grad_out, k)


def kernel_gradient(x, grad_out):
    return _valid_xcorr(x, grad_out)


rng = np.random.default_rng(12)
x, k = rng.standard_normal((7, 6)), rng.standard_normal((3, 3))
g = rng.standard_normal(layer_forward(x, k).shape)
dx = input_gradient(g, k)
eps, num = 1e-6, np.zeros_like(x)
for i, j in np.ndindex(*x.shape):
    xp, xm = x.copy(), x.copy()
    xp[i, j] += eps
    xm[i, j] -= eps
    num[i, j] = (np.sum(layer_forward(xp, k) * g) - np.sum(layer_forward(xm, k) * g)) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
