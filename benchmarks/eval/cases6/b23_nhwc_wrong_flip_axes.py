# eval-label: buggy
# eval-expect: CNV301@31
# eval-why: with TensorFlow's (kh, kw, c_in, c_out) layout the spatial axes are 0 and 1; np.flip over axes (2, 3) reverses the channels and never rotates the filter
# eval-fix: np.flip(self.w, axis=(2, 3)) => np.flip(self.w, axis=(0, 1))
"""Channel-last convolution layer (NHWC), weights in TensorFlow layout.

x: (N, H, W, C_in), w: (kh, kw, C_in, C_out), y: (N, Ho, Wo, C_out).
Ported from an NCHW layer; the backward is a full cross-correlation with the
rotated filters.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


class Conv2DNHWC:
    def __init__(self, w):
        self.w = np.asarray(w, dtype=float)
        self.x = None

    def forward(self, x):
        self.x = x
        kh, kw = self.w.shape[:2]
        win = sliding_window_view(x, (kh, kw), axis=(1, 2))  # (N, Ho, Wo, C, kh, kw)
        return np.einsum("nhwcij,ijco->nhwo", win, self.w)

    def backward(self, dy):
        kh, kw = self.w.shape[:2]
        pad = ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0))
        win = sliding_window_view(np.pad(dy, pad), (kh, kw), axis=(1, 2))  # (N, H, W, C_out, kh, kw)
        w_rot = np.flip(self.w, axis=(2, 3))  # rotate filters by 180 degrees
        dx = np.einsum("nhwoij,ijco->nhwc", win, w_rot)
        xw = sliding_window_view(self.x, dy.shape[1:3], axis=(1, 2))  # (N, kh, kw, C, Ho, Wo)
        self.dw = np.einsum("nijchw,nhwo->ijco", xw, dy)
        return dx


def numerical_dx(layer, x, dy, eps=1e-6):
    out = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        out[idx] = np.sum(dy * (layer.forward(xp) - layer.forward(xm))) / (2 * eps)
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    layer = Conv2DNHWC(rng.normal(size=(3, 3, 2, 3)))
    x = rng.normal(size=(1, 6, 5, 2))
    dy = rng.normal(size=(1, 4, 3, 3))
    num = numerical_dx(layer, x, dy)
    layer.forward(x)
    print("EVAL-RESULT:", "agree" if np.allclose(layer.backward(dy), num, atol=1e-5) else "differ")
