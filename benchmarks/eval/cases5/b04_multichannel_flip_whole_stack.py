# eval-label: buggy
# eval-expect: CNV301@31,CNV206@34
# eval-why: np.flip without axes reverses the channel axes too, so w_rot[o, i] is the kernel of another channel pair.
# eval-fix: w_rot = np.flip(self.weight) => w_rot = np.flip(self.weight, axis=(2, 3))
"""Multi-channel conv layer, weights in (out_ch, in_ch, kh, kw) layout."""
import numpy as np
from scipy.signal import correlate2d, convolve2d


class Conv2d:
    def __init__(self, c_in, c_out, k, rng):
        self.weight = rng.normal(scale=0.3, size=(c_out, c_in, k, k))
        self.bias = np.zeros(c_out)

    def forward(self, x):
        self.inp = x
        c_out, c_in = self.weight.shape[:2]
        h, w = x.shape[1:]
        k = self.weight.shape[2]
        out = np.zeros((c_out, h - k + 1, w - k + 1))
        for o in range(c_out):
            for i in range(c_in):
                out[o] += correlate2d(x[i], self.weight[o, i], "valid")
            out[o] += self.bias[o]
        return out

    def backward(self, delta):
        c_out, c_in = self.weight.shape[:2]
        dx = np.zeros_like(self.inp)
        # rotate the filters by 180 degrees, then correlate the error with them
        w_rot = np.flip(self.weight)
        for o in range(c_out):
            for i in range(c_in):
                dx[i] += correlate2d(delta[o], w_rot[o, i], "full")
        return dx


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    layer = Conv2d(2, 3, 3, rng)
    x = rng.normal(size=(2, 7, 7))
    y = layer.forward(x)
    v = rng.normal(size=y.shape)
    dx = layer.backward(v)
    # dot-product test: <A x, v> == <x, A^T v>
    lhs, rhs = np.vdot(y - layer.bias[:, None, None], v), np.vdot(x, dx)
    print(lhs, rhs)
    print("EVAL-RESULT:", "agree" if np.isclose(lhs, rhs) else "differ")
