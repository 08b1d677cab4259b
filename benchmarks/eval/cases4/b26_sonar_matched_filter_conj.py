# eval-label: buggy
# eval-expect: CNV401@23|26
# eval-why: the matched filter (documented as a cross-correlation) reverses the complex chirp without conjugating it, so fftconvolve does not compute the correlation
# eval-fix: self.h = pulse[::-1] => self.h = np.conj(pulse[::-1])
"""Pulse-compression stage of the sonar simulator."""
import numpy as np
from scipy.signal import correlate, fftconvolve

FS = 50_000.0


def lfm_chirp(duration=2e-3, f0=2e3, f1=12e3):
    t = np.arange(int(duration * FS)) / FS
    k = (f1 - f0) / duration
    return np.exp(2j * np.pi * (f0 * t + 0.5 * k * t**2))


class MatchedFilter:
    """Cross-correlate the received baseband signal with the transmitted pulse."""

    def __init__(self, pulse):
        self.pulse = pulse
        self.h = pulse[::-1]

    def __call__(self, rx):
        return fftconvolve(rx, self.h, mode="full")


rng = np.random.default_rng(4)
pulse = lfm_chirp()
rx = np.zeros(1500, dtype=complex)
rx[400:400 + pulse.size] += 0.8 * pulse * np.exp(1j * 0.7)
rx += 0.05 * (rng.standard_normal(rx.size) + 1j * rng.standard_normal(rx.size))
mf = MatchedFilter(pulse)
ours = mf(rx)
theirs = correlate(rx, pulse, mode="full")
lag = pulse.size - 1
print("peak at", np.argmax(np.abs(ours)) - lag, "vs", np.argmax(np.abs(theirs)) - lag)
print("EVAL-RESULT:", "agree" if np.allclose(ours, theirs, atol=1e-8) else "differ")
