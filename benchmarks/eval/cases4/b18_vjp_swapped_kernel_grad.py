# eval-label: buggy
# eval-expect: CNV206@16
# eval-why: for a correlate2d forward the kernel gradient is correlate2d(x, g, 'valid'); conv_vjp uses the convolution convention convolve2d(x, g, 'valid'), which is its 180-degree rotation
# eval-fix: gk = convolve2d(x, g, "valid") => gk = correlate2d(x, g, "valid")
import numpy as np
from scipy.signal import convolve2d, correlate2d


def conv_fwd(x, k):
    return correlate2d(x, k, "valid"), (x, k)


def conv_vjp(cache, g):
    x, k = cache
    gx = convolve2d(g, k, "full")
    gk = convolve2d(x, g, "valid")
    return gx, gk


rng = np.random.default_rng(8)
x, k = rng.random((8, 9)), rng.random((3, 4))
y, cache = conv_fwd(x, k)
g = rng.random(y.shape)
_, gk = conv_vjp(cache, g)
fd = np.empty_like(k)
for i, j in np.ndindex(k.shape):
    d = np.zeros_like(k)
    d[i, j] = 1e-6
    fd[i, j] = (np.vdot(conv_fwd(x, k + d)[0], g) - np.vdot(conv_fwd(x, k - d)[0], g)) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(gk, fd, atol=1e-6) else "differ")
