# eval-label: clean
# eval-why: The complex matched filter reverses and conjugates the pulse, which is scipy's correlation.
import numpy as np
from scipy.signal import correlate, fftconvolve


def chirp(n=64, bw=0.3):
    t = np.arange(n) - n / 2
    return np.exp(1j * np.pi * bw / n * t**2)


def compress(rx, ref):
    """Matched filter (cross-correlation) through the FFT."""
    return fftconvolve(rx, np.conj(ref[::-1]), mode="full")


rng = np.random.default_rng(8)
tx = chirp()
rx = 0.1 * (rng.normal(size=512) + 1j * rng.normal(size=512))
rx[200:264] += tx
out = compress(rx, tx)
ref = correlate(rx, tx, mode="full", method="direct")
print("EVAL-RESULT:", "agree" if np.allclose(out, ref, atol=1e-8) else "differ")
