# eval-label: buggy
# eval-expect: CNV206@17
# eval-why: the textbook "full convolution with rot180(K)" is applied with convolve2d, which rotates again: the two flips cancel and dx is a correlation
# eval-fix: convolve2d(dout, np.rot90(k, 2), mode="full") => convolve2d(dout, k, mode="full")
import numpy as np
from scipy.signal import convolve2d, correlate2d


def conv_fwd(x, k):
    out = correlate2d(x, k, mode="valid")
    return out, (x, k)


def conv_bwd(dout, cache):
    x, k = cache
    # dL/dX = full convolution of dL/dY with the kernel rotated by 180 degrees
    dx = convolve2d(dout, np.rot90(k, 2), mode="full")
    dk = correlate2d(x, dout, mode="valid")
    return dx, dk


rng = np.random.default_rng(6)
x = rng.standard_normal((6, 7))
k = rng.standard_normal((3, 2))
y, cache = conv_fwd(x, k)
g = rng.standard_normal(y.shape)
dx, dk = conv_bwd(g, cache)
eps = 1e-6
num = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = eps
    num[idx] = (np.sum(conv_fwd(x + e, k)[0] * g) - np.sum(conv_fwd(x - e, k)[0] * g)) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
