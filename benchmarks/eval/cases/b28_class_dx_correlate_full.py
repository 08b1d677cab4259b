# eval-label: buggy
# eval-expect: CNV206@20
# eval-why: for a correlate2d forward the input gradient is convolve2d(g, W, 'full'); the backward uses correlate2d, i.e. W rotated by 180 degrees.
# eval-fix: correlate2d(d_out, self.W, "full") => correlate2d(d_out, self.W[::-1, ::-1], "full")
import numpy as np
from scipy.signal import correlate2d


class Conv2D:
    def __init__(self, size=3, seed=0):
        self.W = np.random.default_rng(seed).normal(0, 0.5, (size, size))

    def forward(self, x):
        self.cache = x
        return correlate2d(x, self.W, "valid")

    def backward(self, d_out):
        x = self.cache
        self.dW = correlate2d(x, d_out, "valid")
        return correlate2d(d_out, self.W, "full")


if __name__ == "__main__":
    rng = np.random.default_rng(2)
    layer = Conv2D()
    x = rng.normal(size=(7, 7))
    g = rng.normal(size=(5, 5))
    layer.forward(x)
    dx = layer.backward(g)
    num = np.zeros_like(x)
    h = 1e-6
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        num[idx] = ((layer.forward(xp) - layer.forward(xm)) * g).sum() / (2 * h)
    ok = np.allclose(dx, num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
