# eval-label: buggy
# eval-expect: CNV302@21,CNV206@21
# eval-why: the input gradient of a convolve2d forward uses the transposed filter (filt.T) as the 180-degree flip
# eval-fix: convolve2d(grad_output, self.filt.T, mode="full") => convolve2d(grad_output, self.filt[::-1, ::-1], mode="full")
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ScipyConv:
    """Convolution op with a hand-written backward, as in the numpy-extension tutorial."""

    def __init__(self, filt):
        self.filt = filt

    def apply(self, x):
        self.x = x
        return convolve2d(x, self.filt, mode="valid")

    def backward_pass(self, grad_output):
        # gradient wrt the input: full convolution with the flipped filter
        grad_input = convolve2d(grad_output, self.filt.T, mode="full")
        grad_filt = correlate2d(self.x, grad_output, mode="valid")[::-1, ::-1]
        return grad_input, grad_filt


rng = np.random.default_rng(20)
op = ScipyConv(rng.standard_normal((3, 3)))
x = rng.standard_normal((7, 7))
go = rng.standard_normal(op.apply(x).shape)
gi, _ = op.backward_pass(go)
eps, num = 1e-6, np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = eps
    num[idx] = np.sum((op.apply(x + e) - op.apply(x - e)) * go) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(gi, num, atol=1e-6) else "differ")
