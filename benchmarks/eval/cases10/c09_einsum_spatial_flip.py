# eval-label: clean
# eval-why: the input gradient correlates the padded upstream gradient with w[..., ::-1, ::-1] (both spatial axes) and channels swapped, the exact adjoint of the correlating forward; finite differences agree.
"""Einsum conv layer: kernels (out, in, kh, kw), maps (C, H, W)."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view as windows


def fwd(x, w):
    kh, kw = w.shape[2:]
    return np.einsum("cijmn,ocmn->oij", windows(x, (kh, kw), axis=(1, 2)), w)


def bwd_x(g, w):
    kh, kw = w.shape[2:]
    gp = np.pad(g, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
    w_rot = w[..., ::-1, ::-1].transpose(1, 0, 2, 3)      # (in, out, kh, kw), rotated 180
    return np.einsum("oijmn,comn->cij", windows(gp, (kh, kw), axis=(1, 2)), w_rot)


rng = np.random.default_rng(5)
x = rng.normal(size=(3, 7, 6))
w = rng.normal(size=(2, 3, 3, 2))
g = rng.normal(size=fwd(x, w).shape)

dx = bwd_x(g, w)
num = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    d = np.zeros_like(x)
    d[idx] = 1e-6
    num[idx] = np.vdot(g, fwd(x + d, w) - fwd(x - d, w)) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-5) else "differ")
