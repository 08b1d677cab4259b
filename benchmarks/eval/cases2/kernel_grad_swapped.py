# eval-label: buggy
# eval-expect: CNV206@21
# eval-why: the kernel gradient of a correlate2d forward is computed with convolve2d(input, grad, 'valid'), the convention of a true convolution (rotated result)
# eval-fix: signal.convolve2d(self.inp, grad, "valid") => signal.correlate2d(self.inp, grad, "valid")
import numpy as np
from scipy import signal


class Conv2dFunction:
    """numpy autograd-style conv op (forward + delta)."""

    def __init__(self, filt):
        self.filt = filt

    def __call__(self, inp):
        self.inp = inp
        return signal.correlate2d(inp, self.filt, "valid")

    def delta(self, grad):
        d_inp = signal.convolve2d(grad, self.filt, "full")
        d_filt = signal.convolve2d(self.inp, grad, "valid")
        return d_inp, d_filt


rng = np.random.default_rng(10)
filt = rng.standard_normal((3, 3))
inp = rng.standard_normal((8, 8))
op = Conv2dFunction(filt)
g = rng.standard_normal(op(inp).shape)
_, d_filt = op.delta(g)
eps, num = 1e-6, np.zeros_like(filt)
for idx in np.ndindex(filt.shape):
    fp, fm = filt.copy(), filt.copy()
    fp[idx] += eps
    fm[idx] -= eps
    num[idx] = (np.sum(Conv2dFunction(fp)(inp) * g) - np.sum(Conv2dFunction(fm)(inp) * g)) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(d_filt, num, atol=1e-6) else "differ")
