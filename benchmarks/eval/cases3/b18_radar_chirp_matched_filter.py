# eval-label: buggy
# eval-expect: CNV401@23
# eval-why: the matched filter (a cross-correlation with the complex chirp) is built as fftconvolve with the reversed chirp but without the complex conjugate
# eval-fix: chirp[::-1] => np.conj(chirp[::-1])
import numpy as np
from scipy.signal import fftconvolve

fs = 1e6
T = 100e-6
t = np.arange(int(fs * T)) / fs
B = 200e3
chirp = np.exp(1j * np.pi * (B / T) * t ** 2)   # baseband LFM pulse

rng = np.random.default_rng(11)
n = 1000
rx = 0.05 * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
delay = 337
rx[delay:delay + chirp.size] += 0.8 * chirp * np.exp(1j * 0.7)


def matched_filter(rx, chirp):
    """Cross-correlate the received samples with the transmitted pulse."""
    return fftconvolve(rx, chirp[::-1], mode="full")[chirp.size - 1:]


mf = matched_filter(rx, chirp)
ref = np.correlate(rx, chirp, mode="full")[chirp.size - 1:]
print("peak at", int(np.argmax(np.abs(mf))), "expected", delay)
print("EVAL-RESULT:", "agree" if np.allclose(mf, ref, atol=1e-8) else "differ")
