# eval-label: buggy
# eval-expect: CNV201@28
# eval-why: the module documents PyTorch's cross-correlation formula (x[t + m] * w[m]) but the layer calls signal.convolve, which reverses the taps
# eval-fix: signal.convolve(x[i], self.weight[o, i], mode="valid") => signal.correlate(x[i], self.weight[o, i], mode="valid")
"""A minimal temporal convolution block for the keyword-spotting prototype.

The weights are exported from the PyTorch model, so this must compute what
torch.nn.Conv1d computes, a cross-correlation:

    y[o, t] = b[o] + sum_i sum_m w[o, i, m] * x[i, t + m]
"""

import numpy as np
from scipy import signal


class TemporalConv:
    def __init__(self, weight, bias):
        self.weight = np.asarray(weight, dtype=float)
        self.bias = np.asarray(bias, dtype=float)

    def __call__(self, x):
        c_out, c_in, m = self.weight.shape
        t_out = x.shape[1] - m + 1
        y = np.tile(self.bias[:, None], (1, t_out))
        for o in range(c_out):
            for i in range(c_in):
                y[o] += signal.convolve(x[i], self.weight[o, i], mode="valid")
        return y


def reference(weight, bias, x):
    """The docstring formula, one term at a time."""
    c_out, c_in, m = weight.shape
    t_out = x.shape[1] - m + 1
    y = np.zeros((c_out, t_out))
    for o in range(c_out):
        for t in range(t_out):
            acc = bias[o]
            for i in range(c_in):
                for k in range(m):
                    acc += weight[o, i, k] * x[i, t + k]
            y[o, t] = acc
    return y


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    w = rng.normal(size=(4, 3, 5))
    b = rng.normal(size=4)
    mfcc = rng.normal(size=(3, 40))
    block = TemporalConv(w, b)
    print("EVAL-RESULT:", "agree" if np.allclose(block(mfcc), reference(w, b, mfcc)) else "differ")
