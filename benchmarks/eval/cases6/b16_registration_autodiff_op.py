# eval-label: buggy
# eval-expect: CNV206@30
# eval-why: the input gradient of a correlate2d forward must be a full convolution with the kernel; correlating again misses the 180-degree flip
# eval-fix: gx = correlate2d(g, ctx.k, mode="full") => gx = convolve2d(g, ctx.k, mode="full")
"""A hand-written differentiable op for the image-registration optimiser.

The optimiser learns a small blur kernel k that maps the moving image onto
the fixed one; x is also optimised (it is the latent sharp image).
"""

from dataclasses import dataclass

import numpy as np
from scipy.signal import convolve2d, correlate2d


@dataclass
class Ctx:
    x: np.ndarray
    k: np.ndarray


class Xcorr2D:
    """y = correlate2d(x, k, 'valid'), with its vector-Jacobian product."""

    def forward(self, x, k):
        return correlate2d(x, k, mode="valid"), Ctx(x, k)

    def backward(self, ctx, g):
        gx = correlate2d(g, ctx.k, mode="full")
        gk = correlate2d(ctx.x, g, mode="valid")
        return gx, gk


def loss_and_grads(op, x, k, target):
    y, ctx = op.forward(x, k)
    r = y - target
    gx, gk = op.backward(ctx, r)
    return 0.5 * float(np.sum(r * r)), gx, gk


def fit(x, k, target, steps=20, lr=1e-3):
    op = Xcorr2D()
    history = []
    for _ in range(steps):
        loss, gx, gk = loss_and_grads(op, x, k, target)
        x = x - lr * gx
        k = k - lr * gk
        history.append(loss)
    return x, k, history


def fd_grad_x(op, x, k, target, eps=1e-6):
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        g[idx] = (loss_and_grads(op, xp, k, target)[0] - loss_and_grads(op, xm, k, target)[0]) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(17)
    x = rng.normal(size=(8, 9))
    k = rng.normal(size=(3, 3))
    target = rng.normal(size=(6, 7))
    _, _, hist = fit(x, k, target)
    print("loss", round(hist[0], 3), "->", round(hist[-1], 3))
    _, gx, _ = loss_and_grads(Xcorr2D(), x, k, target)
    ok = np.allclose(gx, fd_grad_x(Xcorr2D(), x, k, target), atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
