# eval-label: buggy
# eval-expect: CNV206@17
# eval-why: the closure's forward is correlate2d, so the input gradient is a full convolution with the kernel; correlate2d(g, kernel, 'full') misses the flip
# eval-fix: signal.correlate2d(g, kernel, "full") => signal.convolve2d(g, kernel, "full")
import numpy as np
from scipy import signal

def make_conv(kernel):
    """Return (forward, backward) closures sharing one cached input."""
    saved = {}

    def forward(x):
        saved["x"] = x
        return signal.correlate2d(x, kernel, "valid")

    def backward(g):
        dx = signal.correlate2d(g, kernel, "full")
        dk = signal.correlate2d(saved["x"], g, "valid")
        return dx, dk

    return forward, backward

rng = np.random.default_rng(21)
k = rng.normal(size=(3, 3))
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
print("EVAL-RESULT:", "agree" if np.allclose(num, dx, atol=1e-6) else "differ")
