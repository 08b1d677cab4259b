# eval-label: clean
# eval-why: the complex matched filter conjugates and reverses the chirp before fftconvolve, which is the cross-correlation np.correlate computes
import numpy as np
from scipy import signal

fs = 1e6
t = np.arange(200) / fs
pulse = np.exp(1j * np.pi * 3e9 * t**2)


def pulse_compress(rx, pulse):
    """Cross-correlate the received samples with the transmitted pulse."""
    return signal.fftconvolve(rx, np.conj(pulse[::-1]), mode="full")


rng = np.random.default_rng(41)
rx = 0.05 * (rng.standard_normal(1500) + 1j * rng.standard_normal(1500))
rx[400:600] += np.exp(1j * 1.1) * pulse
out = pulse_compress(rx, pulse)
print("EVAL-RESULT:", "agree" if np.allclose(out, np.correlate(rx, pulse, "full")) else "differ")
