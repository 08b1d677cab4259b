# eval-label: buggy
# eval-expect: CNV202@11
# eval-why: the FIR filter is documented as y[n] = sum_k h[k] x[n-k] (a convolution) but np.correlate applies h reversed.
# eval-fix: np.correlate(x, h, mode="full") => np.convolve(x, h, mode="full")
import numpy as np
from scipy.signal import lfilter


def apply_fir(x, h):
    """Causal FIR filter: y[n] = sum_k h[k] * x[n - k]."""
    y = np.correlate(x, h, mode="full")
    return y[: len(x)]


if __name__ == "__main__":
    h = np.array([0.6, 0.3, 0.1])
    x = np.random.default_rng(8).standard_normal(64)
    ok = np.allclose(apply_fir(x, h), lfilter(h, [1.0], x))
    print("EVAL-RESULT:", "agree" if ok else "differ")
