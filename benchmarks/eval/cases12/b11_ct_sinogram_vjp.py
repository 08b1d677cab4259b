# eval-label: buggy
# eval-expect: CNV206@45
# eval-why: the layer's forward is correlate2d, whose input gradient is a full convolve2d with the kernel as written; vjp rotates the kernel 180 degrees first, so convolve2d rotates it back (a double flip) and the dot test fails
# eval-fix: np.rot90(self.bhaar[o, c], 2) => self.bhaar[o, c]
"""Sinogram denoiser (medical CT), batched (N, C, H, W) tensors.

Weights `bhaar` have shape (C_out, C_in, kh, kw); `aage` is the forward pass
and `vjp` returns the vector-Jacobian product with respect to the input.
"""
import numpy as np
from scipy import signal

HU_AIR, HU_WATER = -1000.0, 0.0


def hu_to_mu(hu, mu_water=0.019):
    return mu_water * (1.0 + (hu - HU_WATER) / (HU_WATER - HU_AIR))


class SinogramConv:
    def __init__(self, c_in, c_out, k=(3, 5), seed=0):
        rng = np.random.default_rng(seed)
        self.bhaar = rng.standard_normal((c_out, c_in) + k) / np.sqrt(c_in * k[0] * k[1])
        self.vichalan = np.zeros(c_out)  # bias

    def aage(self, x):
        self.x = x
        n, c_in = x.shape[:2]
        c_out, _, kh, kw = self.bhaar.shape
        y = np.zeros((n, c_out, x.shape[2] - kh + 1, x.shape[3] - kw + 1))
        for b in range(n):
            for o in range(c_out):
                for c in range(c_in):
                    y[b, o] += signal.correlate2d(x[b, c], self.bhaar[o, c], mode="valid")
                y[b, o] += self.vichalan[o]
        return y

    def vjp(self, g):
        n, c_in = self.x.shape[:2]
        c_out = self.bhaar.shape[0]
        dx = np.zeros_like(self.x)
        for b in range(n):
            for c in range(c_in):
                for o in range(c_out):
                    dx[b, c] += signal.convolve2d(g[b, o], np.rot90(self.bhaar[o, c], 2), mode="full")
        return dx


def simulate_sinograms(rng, n=2, views=24, dets=30):
    ang = np.linspace(0, np.pi, views, endpoint=False)[:, None]
    det = np.arange(dets)[None, :] - dets / 2
    out = np.empty((n, 2, views, dets))
    for b in range(n):
        r, off = rng.uniform(3, 8), rng.uniform(-4, 4)
        chord = np.sqrt(np.clip(r**2 - (det - off * np.cos(ang)) ** 2, 0, None))
        clean = 2 * chord * hu_to_mu(rng.uniform(-50.0, 80.0))
        out[b, 0] = rng.poisson(1e4 * np.exp(-clean)) / 1e4      # low dose
        out[b, 1] = np.exp(-clean)                                 # prior
    return out


rng = np.random.default_rng(2)
layer = SinogramConv(c_in=2, c_out=3, seed=4)
x = simulate_sinograms(rng)
y = layer.aage(x) - layer.vichalan[None, :, None, None]     # linear part only
g = rng.standard_normal(y.shape)
lhs = float(np.vdot(y, g))
rhs = float(np.vdot(x, layer.vjp(g)))
print("dot test:", lhs, rhs)
print("EVAL-RESULT:", "agree" if np.isclose(lhs, rhs, rtol=1e-9) else "differ")
