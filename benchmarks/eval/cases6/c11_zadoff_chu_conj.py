# eval-label: clean
# eval-why: the complex preamble is reversed and conjugated before fftconvolve, which is the cross-correlation signal.correlate computes
"""Preamble detector for the LoRa-like receiver (complex baseband)."""

import numpy as np
from scipy import signal


def zadoff_chu(root, n):
    k = np.arange(n)
    return np.exp(-1j * np.pi * root * k * (k + 1) / n)


class PreambleDetector:
    def __init__(self, preamble):
        self.matched = np.conj(preamble[::-1])
        self.n = len(preamble)

    def correlate(self, rx):
        """Cross-correlation with the preamble, via FFT."""
        return signal.fftconvolve(rx, self.matched, mode="full")

    def start(self, rx):
        return int(np.argmax(np.abs(self.correlate(rx)))) - (self.n - 1)


if __name__ == "__main__":
    rng = np.random.default_rng(11)
    zc = zadoff_chu(7, 31)
    rx = 0.2 * (rng.normal(size=400) + 1j * rng.normal(size=400))
    rx[90:121] += zc * np.exp(-1j * 1.1)
    det = PreambleDetector(zc)
    ok = np.allclose(det.correlate(rx), signal.correlate(rx, zc, mode="full")) and det.start(rx) == 90
    print("EVAL-RESULT:", "agree" if ok else "differ")
