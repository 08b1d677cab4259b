# eval-label: clean
# eval-why: an im2col cross-correlation layer whose backward scatters the column gradients back with col2im (no flips needed), checked by finite differences
"""Conv layer with im2col forward and col2im backward (stride and padding)."""

import numpy as np


def im2col(xp, kh, kw, stride, ho, wo):
    N, C = xp.shape[:2]
    cols = np.empty((N, C, kh, kw, ho, wo))
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = xp[:, :, i : i + stride * ho : stride, j : j + stride * wo : stride]
    return cols.reshape(N, C * kh * kw, ho * wo)


def col2im(dcols, xp_shape, kh, kw, stride, ho, wo):
    N, C = xp_shape[:2]
    dcols = dcols.reshape(N, C, kh, kw, ho, wo)
    dxp = np.zeros(xp_shape)
    for i in range(kh):
        for j in range(kw):
            dxp[:, :, i : i + stride * ho : stride, j : j + stride * wo : stride] += dcols[:, :, i, j]
    return dxp


class Conv:
    def __init__(self, w, stride=1, pad=1):
        self.w, self.stride, self.pad = w, stride, pad

    def forward(self, x):
        F, C, kh, kw = self.w.shape
        p, s = self.pad, self.stride
        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        ho = (xp.shape[2] - kh) // s + 1
        wo = (xp.shape[3] - kw) // s + 1
        self.cache = (xp.shape, ho, wo, im2col(xp, kh, kw, s, ho, wo))
        out = self.w.reshape(F, -1) @ self.cache[3]
        return out.reshape(x.shape[0], F, ho, wo)

    def backward(self, dout):
        F, C, kh, kw = self.w.shape
        xp_shape, ho, wo, cols = self.cache
        d = dout.reshape(dout.shape[0], F, -1)
        self.dw = np.einsum("nfp,nkp->fk", d, cols).reshape(self.w.shape)
        dcols = np.einsum("fk,nfp->nkp", self.w.reshape(F, -1), d)
        dxp = col2im(dcols, xp_shape, kh, kw, self.stride, ho, wo)
        p = self.pad
        return dxp[:, :, p : dxp.shape[2] - p, p : dxp.shape[3] - p]


def grad_check(layer, x, g, eps=1e-6):
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        num[idx] = np.sum(g * (layer.forward(xp) - layer.forward(xm))) / (2 * eps)
    layer.forward(x)
    return np.allclose(layer.backward(g), num, atol=1e-5)


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    layer = Conv(rng.normal(size=(2, 3, 3, 2)), stride=2, pad=1)
    x = rng.normal(size=(2, 3, 7, 6))
    g = rng.normal(size=layer.forward(x).shape)
    print("EVAL-RESULT:", "agree" if grad_check(layer, x, g) else "differ")
