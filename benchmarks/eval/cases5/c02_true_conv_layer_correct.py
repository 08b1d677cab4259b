# eval-label: clean
# eval-why: For a convolve2d forward the input gradient is a full correlation and the kernel gradient is the rotated correlation of x with dy.
import numpy as np
from scipy import signal


def conv_forward(x, w):
    """y = x (*) w, the signal-processing convolution, 'valid' part."""
    return signal.convolve2d(x, w, mode="valid"), (x, w)


def conv_backward(dy, cache):
    x, w = cache
    dx = signal.correlate2d(dy, w, mode="full")
    dw = np.rot90(signal.correlate2d(x, dy, mode="valid"), 2)
    return dx, dw


rng = np.random.default_rng(3)
x = rng.standard_normal((9, 7))
w = rng.standard_normal((3, 2))
y, cache = conv_forward(x, w)
v = rng.standard_normal(y.shape)
dx, dw = conv_backward(v, cache)
ok = np.isclose(np.vdot(y, v), np.vdot(x, dx))
num = np.zeros_like(w)
for idx in np.ndindex(w.shape):
    e = np.zeros_like(w); e[idx] = 1e-6
    num[idx] = (np.vdot(conv_forward(x, w + e)[0], v) - np.vdot(conv_forward(x, w - e)[0], v)) / 2e-6
ok = ok and np.allclose(dw, num, atol=1e-5)
print("EVAL-RESULT:", "agree" if ok else "differ")
