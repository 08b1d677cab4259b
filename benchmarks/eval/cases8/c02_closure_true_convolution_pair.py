# eval-label: clean
# eval-why: the closure pair is a consistent true convolution: forward convolve2d, input gradient correlate2d(g, k, 'full'), kernel gradient the rotated valid correlation; finite differences agree
import numpy as np
from scipy import signal

def make_conv(kernel):
    """Return (forward, backward) closures for y = convolve2d(x, kernel, 'valid')."""
    saved = {}

    def forward(x):
        saved["x"] = x
        return signal.convolve2d(x, kernel, "valid")

    def backward(g):
        dx = signal.correlate2d(g, kernel, "full")
        dk = np.rot90(signal.correlate2d(saved["x"], g, "valid"), 2)
        return dx, dk

    return forward, backward

rng = np.random.default_rng(22)
k = rng.normal(size=(3, 2))
x = rng.normal(size=(8, 7))
fwd, bwd = make_conv(k)
g = rng.normal(size=fwd(x).shape)
dx, dk = bwd(g)

eps = 1e-6
num = np.zeros_like(x)
for i, j in np.ndindex(*x.shape):
    e = np.zeros_like(x)
    e[i, j] = eps
    num[i, j] = (np.sum(fwd(x + e) * g) - np.sum(fwd(x - e) * g)) / (2 * eps)
num_k = np.zeros_like(k)
for i, j in np.ndindex(*k.shape):
    e = np.zeros_like(k)
    e[i, j] = eps
    up = np.sum(signal.convolve2d(x, k + e, "valid") * g)
    num_k[i, j] = (up - np.sum(signal.convolve2d(x, k - e, "valid") * g)) / (2 * eps)
ok = np.allclose(num, dx, atol=1e-6) and np.allclose(num_k, dk, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
