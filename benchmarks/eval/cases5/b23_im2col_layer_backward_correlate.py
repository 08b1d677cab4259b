# eval-label: buggy
# eval-expect: CNV206@39
# eval-why: The im2col forward is a cross-correlation, so the input gradient needs a full convolution; correlate2d misses the flip.
# eval-fix: correlate2d(d_out[f], self.w[f, c], mode="full") => correlate2d(d_out[f], self.w[f, c, ::-1, ::-1], mode="full")
"""Conv layer with an im2col forward (fast) and a per-channel backward."""
import numpy as np
from scipy.signal import correlate2d


def im2col(x, k):
    C, H, W = x.shape
    oh, ow = H - k + 1, W - k + 1
    cols = np.empty((C * k * k, oh * ow))
    row = 0
    for c in range(C):
        for m in range(k):
            for n in range(k):
                cols[row] = x[c, m:m + oh, n:n + ow].ravel()
                row += 1
    return cols


class ConvIm2col:
    def __init__(self, weights):
        self.w = weights  # (F, C, k, k)

    def forward(self, x):
        F, C, k, _ = self.w.shape
        self.x_shape = x.shape
        cols = im2col(x, k)
        out = self.w.reshape(F, -1) @ cols
        return out.reshape(F, x.shape[1] - k + 1, x.shape[2] - k + 1)

    def backward(self, d_out):
        F, C, k, _ = self.w.shape
        d_in = np.zeros(self.x_shape)
        for f in range(F):
            for c in range(C):
                d_in[c] += correlate2d(d_out[f], self.w[f, c], mode="full")
        return d_in


if __name__ == "__main__":
    rng = np.random.default_rng(21)
    layer = ConvIm2col(rng.normal(size=(2, 3, 3, 3)))
    x = rng.normal(size=(3, 8, 8))
    y = layer.forward(x)
    v = rng.normal(size=y.shape)
    dx = layer.backward(v)
    print("EVAL-RESULT:", "agree" if np.isclose(np.vdot(y, v), np.vdot(x, dx)) else "differ")
