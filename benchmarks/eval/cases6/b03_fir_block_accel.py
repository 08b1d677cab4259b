# eval-label: buggy
# eval-expect: CNV101@21|29
# eval-why: the device's block FIR is a sliding window sum (correlation) but it is checked against np.convolve, which reverses the taps
# eval-fix: np.convolve(accel, TAPS, "valid") => np.convolve(accel, TAPS[::-1], "valid")
"""Streaming FIR differentiator for the accelerometer pipeline.

fir_block() is what runs on the device, one output per hop; the offline check
compares it with numpy on the whole record before the taps are flashed.
"""

import numpy as np

FS = 400.0
TAPS = np.array([0.5, 0.25, 0.0, -0.25, -0.5]) * FS / 2.5


def fir_block(x, taps):
    m = len(taps)
    y = np.empty(len(x) - m + 1)
    for n in range(len(y)):
        y[n] = np.sum(x[n : n + m] * taps)
    return y


if __name__ == "__main__":
    t = np.arange(400) / FS
    accel = np.sin(2 * np.pi * 3 * t) + 0.1 * np.cos(2 * np.pi * 17 * t)
    online = fir_block(accel, TAPS)
    offline = np.convolve(accel, TAPS, "valid")
    print("samples:", online.size, offline.size)
    print("max |online - offline| =", float(np.max(np.abs(online - offline))))
    print("EVAL-RESULT:", "agree" if np.allclose(online, offline) else "differ")
