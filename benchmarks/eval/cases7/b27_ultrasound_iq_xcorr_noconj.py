# eval-label: buggy
# eval-expect: CNV401@50
# eval-why: the "cross-correlation" of complex I/Q data with the complex coded excitation is built as fftconvolve with the reversed reference but without the conjugate, which is not a correlation for complex signals
# eval-fix: xc = fftconvolve(iq, ref[::-1], mode="full") => xc = fftconvolve(iq, np.conj(ref[::-1]), mode="full")
"""Coded-excitation ultrasound: pulse compression of baseband (I/Q) echoes."""
import numpy as np
from scipy.signal import fftconvolve, correlate

FS = 20e6


def chirp_iq(n=64, bw=4e6):
    """Baseband linear FM excitation."""
    t = (np.arange(n) - n / 2) / FS
    return np.exp(1j * np.pi * (bw / (n / FS)) * t ** 2)


def hann_taper(ref):
    """Amplitude taper of the excitation (lowers the range sidelobes)."""
    return ref * np.hanning(ref.size)


def range_axis(n, c=1540.0):
    """Depth of every lag in metres (two-way travel)."""
    return np.arange(n) * c / (2 * FS)


def echoes(ref, delays, amps, n_total=512, seed=0):
    rng = np.random.default_rng(seed)
    iq = 0.01 * (rng.standard_normal(n_total) + 1j * rng.standard_normal(n_total))
    for d, a in zip(delays, amps):
        iq[d:d + ref.size] += a * ref
    return iq


def detect(profile, rel=0.25):
    mag = np.abs(profile)
    inner = mag[1:-1]
    peaks = (inner > mag[:-2]) & (inner >= mag[2:]) & (inner > rel * mag.max())
    return np.flatnonzero(peaks) + 1


def tgc(iq, db_per_sample=0.02):
    """Time-gain compensation: undo the attenuation that grows with depth."""
    return iq * 10 ** (db_per_sample * np.arange(iq.size) / 20)


def compress(iq, ref):
    """Cross-correlation of the received line with the excitation."""
    xc = fftconvolve(iq, ref[::-1], mode="full")
    return xc[ref.size - 1:]  # lag 0 .. n_total - 1


if __name__ == "__main__":
    ref = chirp_iq()
    iq = echoes(ref, delays=[60, 200, 333], amps=[1.0, 0.6, 0.3 * np.exp(0.7j)])
    print("tgc peak:", float(np.abs(tgc(iq)).max()))
    mine = compress(iq, ref)
    truth = correlate(iq, ref, mode="full")[ref.size - 1:]
    print("peak lag:", int(np.argmax(np.abs(mine))))
    print("depths (mm):", 1e3 * range_axis(iq.size)[detect(truth)])
    print("EVAL-RESULT:", "agree" if np.allclose(mine, truth) else "differ")
