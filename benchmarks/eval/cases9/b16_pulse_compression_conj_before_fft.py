# eval-label: buggy
# eval-expect: CNV401@34|38
# eval-why: the matched-filter spectrum is conj(fft(s)); fft(conj(s)) is the spectrum of conj(s) unreversed, so the product computes a convolution with conj(s) instead of the cross-correlation with s
# eval-fix: self._ref_spec = np.fft.fft(np.conj(self.pulse), self.nfft) => self._ref_spec = np.conj(np.fft.fft(self.pulse, self.nfft))
"""Range compression for the FMCW test radar (complex baseband).

The compressed profile is the cross-correlation of the received samples with
the transmitted chirp, c[l] = sum_n rx[n + l] * conj(s[n]), computed by FFT.
"""
import numpy as np


def lfm_chirp(n=64, bandwidth=0.4):
    """Complex linear-FM pulse, normalised bandwidth in cycles/sample."""
    t = np.arange(n) - n / 2
    return np.exp(1j * np.pi * bandwidth / n * t ** 2)


def echo(pulse, delays, amplitudes, length, noise=0.01, seed=5):
    rng = np.random.default_rng(seed)
    rx = noise * (rng.normal(size=length) + 1j * rng.normal(size=length))
    for d, a in zip(delays, amplitudes):
        rx[d:d + len(pulse)] += a * pulse
    return rx


class RangeCompressor:
    """Matched filter for one pulse length, reusable across sweeps."""

    def __init__(self, pulse, n_samples):
        self.pulse = np.asarray(pulse, dtype=complex)
        self.n_samples = n_samples
        self.nfft = int(2 ** np.ceil(np.log2(n_samples + len(pulse) - 1)))
        self._ref_spec = np.fft.fft(np.conj(self.pulse), self.nfft)

    def compress(self, rx):
        spec = np.fft.fft(rx, self.nfft)
        profile = np.fft.ifft(spec * self._ref_spec)
        n_valid = self.n_samples - len(self.pulse) + 1
        return profile[:n_valid]

    def detect(self, rx, k=2):
        mag = np.abs(self.compress(rx))
        return np.sort(np.argsort(mag)[-k:])


if __name__ == "__main__":
    s = lfm_chirp()
    rx = echo(s, delays=[40, 150], amplitudes=[1.0, 0.5j], length=300)
    rc = RangeCompressor(s, len(rx))
    print("targets at", rc.detect(rx))
    reference = np.correlate(rx, s, mode="valid")
    print("EVAL-RESULT:", "agree" if np.allclose(rc.compress(rx), reference) else "differ")
