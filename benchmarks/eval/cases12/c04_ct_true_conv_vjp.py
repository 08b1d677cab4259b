# eval-label: clean
# eval-why: the layer consistently uses true convolution: forward convolve2d, input gradient a full correlate2d of the upstream gradient with the kernel, kernel gradient the 180-degree rotation of correlate2d(x, g, 'valid'); finite differences agree on both
"""Sinogram denoiser (medical CT) using mathematical convolution, batched (N, C, H, W).

`bhaar` has shape (C_out, C_in, kh, kw); `vjp` returns (dx, dbhaar).
"""
import numpy as np
from scipy import signal


class TrueConvLayer:
    def __init__(self, c_in, c_out, k=(3, 4), seed=0):
        rng = np.random.default_rng(seed)
        self.bhaar = rng.standard_normal((c_out, c_in) + k) * 0.3

    def aage(self, x):
        self.x = x
        c_out, c_in, kh, kw = self.bhaar.shape
        y = np.zeros((x.shape[0], c_out, x.shape[2] - kh + 1, x.shape[3] - kw + 1))
        for b in range(x.shape[0]):
            for o in range(c_out):
                for c in range(c_in):
                    y[b, o] += signal.convolve2d(x[b, c], self.bhaar[o, c], mode="valid")
        return y

    def vjp(self, g):
        c_out, c_in = self.bhaar.shape[:2]
        dx = np.zeros_like(self.x)
        dbhaar = np.zeros_like(self.bhaar)
        for b in range(self.x.shape[0]):
            for o in range(c_out):
                for c in range(c_in):
                    dx[b, c] += signal.correlate2d(g[b, o], self.bhaar[o, c], mode="full")
                    dbhaar[o, c] += signal.correlate2d(self.x[b, c], g[b, o], mode="valid")[::-1, ::-1]
        return dx, dbhaar


rng = np.random.default_rng(3)
layer = TrueConvLayer(c_in=2, c_out=3, seed=8)
x = rng.standard_normal((2, 2, 12, 15))
g = rng.standard_normal(layer.aage(x).shape)
dx, dw = layer.vjp(g)


def loss(inp):
    return float(np.sum(layer.aage(inp) * g))


eps = 1e-6
d = rng.standard_normal(x.shape)
err = abs(np.sum(dx * d) - (loss(x + eps * d) - loss(x - eps * d)) / (2 * eps))
for idx in [(0, 0, 0, 0), (1, 1, 2, 3), (2, 0, 1, 2), (0, 1, 2, 0)]:
    layer.bhaar[idx] += eps
    fp = loss(x)
    layer.bhaar[idx] -= 2 * eps
    fm = loss(x)
    layer.bhaar[idx] += eps
    err = max(err, abs((fp - fm) / (2 * eps) - dw[idx]))
print("max gradient error:", err)
print("EVAL-RESULT:", "agree" if err < 1e-5 else "differ")
