# eval-label: clean
# eval-why: y[n] = sum_k h[k] x[n-k] is exactly np.convolve(x, h); it matches lfilter.
import numpy as np
from scipy.signal import lfilter


def fir(x, h):
    """Causal FIR: y[n] = sum_k h[k] * x[n - k]."""
    return np.convolve(x, h)[: len(x)]


if __name__ == "__main__":
    h = np.array([0.6, 0.3, 0.1])
    x = np.random.default_rng(8).standard_normal(64)
    print("EVAL-RESULT:", "agree" if np.allclose(fir(x, h), lfilter(h, [1.0], x)) else "differ")
