# eval-label: buggy
# eval-expect: CNV206@51
# eval-why: the im2col forward is a cross-correlation, whose input gradient is convolve2d(dout, w, 'full'); rotating w first and then convolving (which rotates again) gives the gradient of a convolution
# eval-fix: np.flip(self.w[f, c]) => self.w[f, c]
"""Conv layer with an im2col forward pass (fast) and a per-channel backward.

Shapes: x (N, C, H, W), w (F, C, kh, kw), stride 1, no padding.
"""

import numpy as np
from scipy.signal import convolve2d


def im2col(x, kh, kw):
    N, C, H, W = x.shape
    ho, wo = H - kh + 1, W - kw + 1
    cols = np.empty((N, C * kh * kw, ho * wo))
    row = 0
    for c in range(C):
        for i in range(kh):
            for j in range(kw):
                cols[:, row, :] = x[:, c, i : i + ho, j : j + wo].reshape(N, -1)
                row += 1
    return cols


class ConvIm2col:
    def __init__(self, w):
        self.w = w
        self.cols = None
        self.x_shape = None

    def forward(self, x):
        F, C, kh, kw = self.w.shape
        N, _, H, W = x.shape
        self.cols = im2col(x, kh, kw)
        self.x_shape = x.shape
        out = self.w.reshape(F, -1) @ self.cols  # (N, F, ho*wo)
        return out.reshape(N, F, H - kh + 1, W - kw + 1)

    def backward(self, dout):
        F, C, kh, kw = self.w.shape
        N = dout.shape[0]
        flat = dout.reshape(N, F, -1)
        self.dw = np.einsum("nfp,nkp->fk", flat, self.cols).reshape(self.w.shape)
        dx = np.zeros(self.x_shape)
        for n in range(N):
            for f in range(F):
                for c in range(C):
                    # textbook: rotate the filter by 180 degrees, then full convolution
                    dx[n, c] += convolve2d(dout[n, f], np.flip(self.w[f, c]), "full")
        return dx


def check_dx(layer, x, g, eps=1e-6):
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        num[idx] = (np.sum(g * layer.forward(xp)) - np.sum(g * layer.forward(xm))) / (2 * eps)
    layer.forward(x)
    return np.allclose(layer.backward(g), num, atol=1e-5)


if __name__ == "__main__":
    rng = np.random.default_rng(23)
    layer = ConvIm2col(rng.normal(size=(2, 3, 3, 2)))
    x = rng.normal(size=(2, 3, 6, 5))
    g = rng.normal(size=(2, 2, 4, 4))
    print("EVAL-RESULT:", "agree" if check_dx(layer, x, g) else "differ")
