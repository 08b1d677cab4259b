# eval-label: buggy
# eval-expect: CNV302@25|26
# eval-why: the input gradient needs the kernel rotated by 180 degrees before the full correlation; w.T mirrors it about the diagonal instead
# eval-fix: w_flip = w.T => w_flip = w[::-1, ::-1]
"""conv_forward / conv_backward for a single-channel layer (cs231n-style API)."""
import numpy as np
from scipy.signal import correlate2d


def conv_forward(x, w, b):
    """out = correlate2d(x, w, 'valid') + b; returns (out, cache)."""
    out = correlate2d(x, w, mode="valid") + b
    cache = (x, w, b)
    return out, cache


def conv_backward(dout, cache):
    """Returns dx, dw, db.

    dx is the 'full' correlation of dout with the flipped filter.
    """
    x, w, b = cache
    db = dout.sum()
    dw = correlate2d(x, dout, mode="valid")
    w_flip = w.T  # flip the filter for the input gradient
    dx = correlate2d(dout, w_flip, mode="full")
    return dx, dw, db


def grad_check(seed=0, h=1e-6):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(6, 6))
    w = rng.normal(size=(3, 3))
    dout = rng.normal(size=(4, 4))
    _, cache = conv_forward(x, w, 0.1)
    dx, _, _ = conv_backward(dout, cache)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        num[idx] = (np.sum(conv_forward(xp, w, 0.1)[0] * dout)
                    - np.sum(conv_forward(xm, w, 0.1)[0] * dout)) / (2 * h)
    return np.allclose(num, dx, atol=1e-6)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if grad_check() else "differ")
