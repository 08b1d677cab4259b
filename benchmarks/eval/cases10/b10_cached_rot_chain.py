# eval-label: buggy
# eval-expect: CNV206@34|19
# eval-why: the forward correlates, so the input gradient is the full convolution with the kernel; chain() convolves with the kernel already rotated in __call__, a double flip that computes a full correlation.
# eval-fix: signal.convolve2d(g[co], k_rot[co, ci], "full") => signal.convolve2d(g[co], self.weight[co, ci], "full")
"""Multi-channel 2-D cross-correlation op for the graph engine (``op(x)``, ``op.chain(g)``)."""
import numpy as np
from scipy import signal


class XCorrOp:
    """out[co] = sum_ci correlate2d(x[ci], W[co, ci], 'valid')."""

    def __init__(self, weight):
        self.weight = np.array(weight, dtype=np.float64)
        self.tape = None

    def __call__(self, x):
        # keep the rotated kernel around: the backward pass convolves with rot180(W)
        k_rot = self.weight[:, :, ::-1, ::-1].copy()
        self.tape = (x, k_rot)
        c_out, c_in = self.weight.shape[:2]
        return np.stack([
            sum(signal.correlate2d(x[ci], self.weight[co, ci], "valid") for ci in range(c_in))
            for co in range(c_out)
        ])

    def chain(self, g):
        x, k_rot = self.tape
        c_out, c_in = self.weight.shape[:2]
        gx = np.zeros_like(x)
        gw = np.zeros_like(self.weight)
        for co in range(c_out):
            for ci in range(c_in):
                gx[ci] += signal.convolve2d(g[co], k_rot[co, ci], "full")
                gw[co, ci] = signal.correlate2d(x[ci], g[co], "valid")
        return gx, gw

    def parameters(self):
        return [self.weight]

    def __repr__(self):
        c_out, c_in, kh, kw = self.weight.shape
        return f"XCorrOp({c_in}->{c_out}, {kh}x{kw})"


def check(op, x, seed=0):
    """Finite-difference check of the input gradient on L = <r, op(x)>."""
    r = np.random.default_rng(seed).normal(size=op(x).shape)
    gx, _ = op.chain(r)
    num = np.zeros_like(x)
    eps = 1e-6
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        num[idx] = (np.vdot(r, op(xp)) - np.vdot(r, op(xm))) / (2 * eps)
    op(x)
    return np.allclose(gx, num, atol=1e-5)


rng = np.random.default_rng(17)
op = XCorrOp(rng.normal(size=(2, 3, 3, 2)))
x = rng.normal(size=(3, 6, 5))
op(x)
print("EVAL-RESULT:", "agree" if check(op, x) else "differ")
