# eval-label: buggy
# eval-expect: CNV401@15
# eval-why: the complex matched filter (documented as cross-correlation with the chirp) is built as fftconvolve(rx, chirp[::-1]) without conjugating the complex chirp
# eval-fix: chirp[::-1] => np.conj(chirp[::-1])
import numpy as np
from scipy import signal

fs = 1e6
t = np.arange(256) / fs
chirp = np.exp(1j * np.pi * 2e9 * t**2)          # complex baseband LFM pulse


def matched_filter(rx, chirp):
    """Cross-correlate the received baseband samples with the transmitted chirp."""
    return signal.fftconvolve(rx, chirp[::-1], mode="full")


rng = np.random.default_rng(23)
rx = np.zeros(2048, dtype=complex)
rx[700:956] = 0.8 * np.exp(1j * 0.3) * chirp
rx += 0.05 * (rng.standard_normal(2048) + 1j * rng.standard_normal(2048))
mf = matched_filter(rx, chirp)
ref = np.correlate(rx, chirp, mode="full")
print("peak at", np.argmax(np.abs(mf)), "vs", np.argmax(np.abs(ref)))
print("EVAL-RESULT:", "agree" if np.allclose(mf, ref) else "differ")
