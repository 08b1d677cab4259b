# eval-label: clean
# eval-why: correlation computed for speed as fftconvolve with the operand rotated by 180 degrees, real data; equals correlate2d.
import numpy as np
from scipy.signal import correlate2d, fftconvolve


def fast_xcorr(a, b):
    """Full 2-D cross-correlation of real arrays a and b via FFT."""
    return fftconvolve(a, b[::-1, ::-1], mode="full")


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    a, b = rng.random((30, 25)), rng.random((6, 5))
    print("EVAL-RESULT:", "agree" if np.allclose(fast_xcorr(a, b), correlate2d(a, b)) else "differ")
