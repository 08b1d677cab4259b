# eval-label: buggy
# eval-expect: CNV402@27|22|34
# eval-why: the 4-tap kernel is even: np.convolve 'same' anchors tap (m-1)//2 while ndimage.convolve1d anchors m//2, so the two back-ends differ by one sample
# eval-fix: ndimage.convolve1d(signal_, TAPS, mode="constant") => ndimage.convolve1d(signal_, TAPS, mode="constant", origin=-1)
"""Accelerometer smoothing: the batch (numpy) and device-style (ndimage) paths.

Both must give identical samples so that recorded sessions replay exactly.
"""
import numpy as np
from scipy import ndimage

TAPS = np.array([0.1, 0.4, 0.3, 0.2])  # 4-tap smoothing, designed offline


def load_session(n=120, seed=13):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / 50.0
    return np.sin(2 * np.pi * 1.3 * t) + 0.2 * rng.normal(size=n)


def smooth_batch(signal_):
    return np.convolve(signal_, TAPS, mode="same")


def smooth_device(signal_):
    """Same filter through ndimage, which the embedded port mirrors."""
    return ndimage.convolve1d(signal_, TAPS, mode="constant")


def replay_consistent():
    s = load_session()
    a = smooth_batch(s)
    b = smooth_device(s)
    return np.allclose(a, b, atol=1e-12)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if replay_consistent() else "differ")
