# eval-label: buggy
# eval-expect: CNV201@14
# eval-why: the [-1, 0, 1] difference kernel is written in correlation orientation; convolve2d mirrors it, so the slope has the wrong sign against np.gradient
# eval-fix: signal.convolve2d( => signal.correlate2d(
"""Edge direction for the lane detector: positive slope where brightness rises to the right."""
import numpy as np
from scipy import signal

DX = np.array([[-1.0, 0.0, 1.0]])  # right neighbour minus left neighbour


def horizontal_slope(gray):
    """Central difference along x, same size as the input."""
    return signal.convolve2d(gray, DX, mode="same", boundary="symm") / 2.0


def rising_edges(gray, thresh=0.05):
    slope = horizontal_slope(gray)
    return np.sign(slope) * (np.abs(slope) > thresh)


if __name__ == "__main__":
    yy, xx = np.mgrid[0:16, 0:20]
    ramp = 0.02 * xx**2 + 0.1 * yy
    s = horizontal_slope(ramp)
    ref = np.gradient(ramp, axis=1)
    inner = (slice(None), slice(1, -1))
    ok = np.allclose(s[inner], ref[inner])
    print("signs:", np.sign(s[3, 5]), np.sign(ref[3, 5]))
    print(rising_edges(ramp)[2, 2:6])
    print("EVAL-RESULT:", "agree" if ok else "differ")
