# eval-label: buggy
# eval-expect: CNV201@10,CNV206@14|15
# eval-why: fprop is a true convolution (signal.convolve) while bprop uses the gradients of a cross-correlation layer.
# eval-fix: signal.convolve(inp, filt, mode="valid", method="direct") => signal.correlate(inp, filt, mode="valid")
import numpy as np
from scipy import signal


def fprop(inp, filt):
    return signal.convolve(inp, filt, mode="valid", method="direct")


def bprop(inp, filt, delta):
    d_filt = signal.correlate(inp, delta, mode="valid")
    d_inp = signal.convolve(delta, filt, mode="full")
    return d_inp, d_filt


def numeric_grad_input(inp, filt, delta, eps=1e-6):
    g = np.zeros_like(inp)
    for idx in np.ndindex(inp.shape):
        p = inp.copy()
        p[idx] += eps
        m = inp.copy()
        m[idx] -= eps
        g[idx] = ((fprop(p, filt) - fprop(m, filt)) * delta).sum() / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    inp = rng.standard_normal((7, 7))
    filt = rng.standard_normal((3, 2))
    delta = rng.standard_normal(fprop(inp, filt).shape)
    d_inp, d_filt = bprop(inp, filt, delta)
    ok = np.allclose(d_inp, numeric_grad_input(inp, filt, delta), atol=1e-5)
    print("input gradient ok:", ok)
    print("EVAL-RESULT:", "agree" if ok else "differ")
