# eval-label: buggy
# eval-expect: CNV206@30
# eval-why: the input gradient of a correlate2d forward uses correlate2d(delta, W[f, c], 'full'): the kernel is not rotated (missing flip)
# eval-fix: correlate2d(delta[f], w_fc, "full") => convolve2d(delta[f], w_fc, "full")
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvLayer:
    def __init__(self, n_in, n_out, size, rng):
        self.W = rng.standard_normal((n_out, n_in, size, size)) * 0.1
        self.b = np.zeros(n_out)

    def feed(self, x):
        self.x = x
        n_out, n_in = self.W.shape[:2]
        h = x.shape[1] - self.W.shape[2] + 1
        out = np.zeros((n_out, h, x.shape[2] - self.W.shape[3] + 1))
        for f in range(n_out):
            for c in range(n_in):
                out[f] += correlate2d(x[c], self.W[f, c], "valid")
            out[f] += self.b[f]
        return out

    def propagate_error(self, delta):
        grad_x = np.zeros_like(self.x)
        for f in range(self.W.shape[0]):
            for c in range(self.W.shape[1]):
                w_fc = self.W[f, c]
                grad_x[c] += correlate2d(delta[f], w_fc, "full")
        return grad_x


rng = np.random.default_rng(0)
layer = ConvLayer(2, 3, 3, rng)
x = rng.standard_normal((2, 6, 6))
r = rng.standard_normal((3, 4, 4))
layer.feed(x)
analytic = layer.propagate_error(r)
numeric, eps = np.zeros_like(x), 1e-6
for idx in np.ndindex(x.shape):
    xp, xm = x.copy(), x.copy()
    xp[idx] += eps
    xm[idx] -= eps
    numeric[idx] = (np.sum(layer.feed(xp) * r) - np.sum(layer.feed(xm) * r)) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(analytic, numeric, atol=1e-6) else "differ")
