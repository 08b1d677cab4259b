# eval-label: clean
# eval-why: lfilter with FIR taps and np.convolve are both convolutions, so the streaming filter matches the offline one
"""Streaming FIR low-pass for the ECG front end, checked against the offline path."""

import numpy as np
from scipy import signal

TAPS = signal.firwin(15, 0.2) * np.linspace(1.0, 0.6, 15)  # tapered, not symmetric


def stream(x, taps, block=32):
    zi = np.zeros(len(taps) - 1)
    out = []
    for start in range(0, len(x), block):
        y, zi = signal.lfilter(taps, 1.0, x[start : start + block], zi=zi)
        out.append(y)
    return np.concatenate(out)


if __name__ == "__main__":
    t = np.arange(500) / 250.0
    ecg = np.sin(2 * np.pi * 1.2 * t) + 0.2 * np.sin(2 * np.pi * 50 * t)
    online = stream(ecg, TAPS)
    offline = np.convolve(ecg, TAPS)[: len(ecg)]
    print("EVAL-RESULT:", "agree" if np.allclose(online, offline) else "differ")
