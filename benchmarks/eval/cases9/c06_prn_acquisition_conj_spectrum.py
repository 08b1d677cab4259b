# eval-label: clean
# eval-why: the circular cross-correlation uses conj(fft(replica)), the correct conjugate placement, and matches np.correlate on the periodically extended signal
"""Code-phase acquisition for a toy spread-spectrum receiver (complex baseband).

For each Doppler bin the receiver computes the circular cross-correlation
    R[tau] = sum_n x[n + tau] * conj(c[n])
with one FFT per bin.
"""
import numpy as np

CHIPS = 127


def prn_sequence(n=CHIPS, seed=31):
    rng = np.random.default_rng(seed)
    return np.where(rng.random(n) > 0.5, 1.0, -1.0)


def replica(code, doppler, fs=1.0):
    n = np.arange(code.size)
    return code * np.exp(2j * np.pi * doppler * n / fs)


def received(code, delay, doppler, snr_db=0.0, seed=2):
    rng = np.random.default_rng(seed)
    sig = np.roll(replica(code, doppler), delay)
    sigma = 10 ** (-snr_db / 20) / np.sqrt(2)
    return sig + sigma * (rng.normal(size=code.size) + 1j * rng.normal(size=code.size))


class Acquisition:
    def __init__(self, code, doppler_bins):
        self.code = code
        self.bins = list(doppler_bins)
        self._spectra = {d: np.conj(np.fft.fft(replica(code, d))) for d in self.bins}

    def correlate(self, x, doppler):
        return np.fft.ifft(np.fft.fft(x) * self._spectra[doppler])

    def search(self, x):
        grid = np.array([np.abs(self.correlate(x, d)) for d in self.bins])
        b, tau = np.unravel_index(np.argmax(grid), grid.shape)
        return self.bins[b], int(tau)


def reference_circular(x, c):
    """Direct definition through np.correlate on two periods of x."""
    extended = np.concatenate([x, x[:-1]])
    return np.correlate(extended, c, mode="valid")


if __name__ == "__main__":
    code = prn_sequence()
    acq = Acquisition(code, doppler_bins=[-0.004, 0.0, 0.004])
    x = received(code, delay=41, doppler=0.004)
    print("acquired (doppler, code phase):", acq.search(x))
    fast = acq.correlate(x, 0.004)
    slow = reference_circular(x, replica(code, 0.004))
    print("EVAL-RESULT:", "agree" if np.allclose(fast, slow) else "differ")
