# eval-label: buggy
# eval-expect: CNV401@26
# eval-why: the matched filter is documented as the cross-correlation of the complex baseband echo with the chirp, but fftconvolve with the reversed chirp lacks np.conj, so it is not the correlation for complex data
# eval-fix: signal.fftconvolve(echo, self.replica[::-1], mode="full") => signal.fftconvolve(echo, np.conj(self.replica[::-1]), mode="full")
"""Pulse compression for the bench sonar (complex baseband after the I/Q mixer)."""
import numpy as np
from scipy import signal


class PulseCompressor:
    """Cross-correlates each received ping with the transmitted LFM replica."""

    def __init__(self, fs=48_000.0, f0=-4_000.0, f1=4_000.0, duration=2e-3):
        self.fs = fs
        t = np.arange(int(duration * fs)) / fs
        rate = (f1 - f0) / duration
        self.replica = np.exp(2j * np.pi * (f0 * t + 0.5 * rate * t ** 2))
        self.window = np.hanning(self.replica.size)

    @property
    def n(self):
        return self.replica.size

    def compress(self, echo):
        """Cross-correlation of ``echo`` with the replica: sum echo[n + m] * conj(s[m])."""
        out = signal.fftconvolve(echo, self.replica[::-1], mode="full")
        return out[self.n - 1:]

    def range_profile(self, echo, c=1_480.0):
        mag = np.abs(self.compress(echo))
        lag = int(np.argmax(mag))
        return lag, lag / self.fs * c / 2


def simulate_echo(comp, delay, n_total=600, snr_db=20.0, seed=0):
    rng = np.random.default_rng(seed)
    rx = np.zeros(n_total, dtype=complex)
    rx[delay:delay + comp.n] = 0.7 * np.exp(0.4j) * comp.replica
    noise = rng.normal(size=n_total) + 1j * rng.normal(size=n_total)
    return rx + noise * 10 ** (-snr_db / 20)


comp = PulseCompressor()
echo = simulate_echo(comp, delay=137)
lag, rng_m = comp.range_profile(echo)
print(f"lag {lag} samples, range {rng_m:.2f} m")
want = signal.correlate(echo, comp.replica, mode="full")[comp.n - 1:]
print("EVAL-RESULT:", "agree" if np.allclose(comp.compress(echo), want) else "differ")
