# eval-label: clean
# eval-why: a CS231n-style naive conv with a scatter-form backward (dx window += W[f] * dout[f, i, j]) needs no explicit flip; checked by finite differences
import numpy as np


def conv_forward_naive(x, w):
    C, H, W = x.shape
    F, _, HH, WW = w.shape
    out = np.zeros((F, H - HH + 1, W - WW + 1))
    for f in range(F):
        for i in range(out.shape[1]):
            for j in range(out.shape[2]):
                out[f, i, j] = np.sum(x[:, i:i + HH, j:j + WW] * w[f])
    return out, (x, w)


def conv_backward_naive(dout, cache):
    x, w = cache
    dx, dw = np.zeros_like(x), np.zeros_like(w)
    F, _, HH, WW = w.shape
    for f in range(F):
        for i in range(dout.shape[1]):
            for j in range(dout.shape[2]):
                dx[:, i:i + HH, j:j + WW] += w[f] * dout[f, i, j]
                dw[f] += x[:, i:i + HH, j:j + WW] * dout[f, i, j]
    return dx, dw


rng = np.random.default_rng(35)
x, w = rng.standard_normal((2, 6, 5)), rng.standard_normal((3, 2, 3, 2))
out, cache = conv_forward_naive(x, w)
dout = rng.standard_normal(out.shape)
dx, dw = conv_backward_naive(dout, cache)
eps, num = 1e-6, np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = eps
    num[idx] = np.sum((conv_forward_naive(x + e, w)[0] - conv_forward_naive(x - e, w)[0]) * dout) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
