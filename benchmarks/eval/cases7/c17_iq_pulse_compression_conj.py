# eval-label: clean
# eval-why: the cross-correlation of complex I/Q echoes with the coded excitation is fftconvolve with the conjugated, reversed reference, which equals signal.correlate
"""Coded-excitation ultrasound: pulse compression of baseband (I/Q) echoes."""
import logging

import numpy as np
from scipy.signal import correlate, fftconvolve

FS = 20e6
log = logging.getLogger("pulse")


def chirp_iq(n=64, bw=4e6):
    t = (np.arange(n) - n / 2) / FS
    return np.exp(1j * np.pi * (bw / (n / FS)) * t ** 2)


def echoes(ref, delays, amps, n_total=512, seed=0):
    rng = np.random.default_rng(seed)
    iq = 0.01 * (rng.standard_normal(n_total) + 1j * rng.standard_normal(n_total))
    for d, a in zip(delays, amps):
        iq[d:d + ref.size] += a * ref
    return iq


def compress(iq, ref):
    """Cross-correlation of the received line with the excitation (matched filter)."""
    xc = fftconvolve(iq, np.conj(ref)[::-1], mode="full")
    return xc[ref.size - 1:]


def tgc(iq, db_per_sample=0.02):
    """Time-gain compensation."""
    return iq * 10 ** (db_per_sample * np.arange(iq.size) / 20)


def range_axis(n, c=1540.0):
    return np.arange(n) * c / (2 * FS)


def detect(profile, rel=0.25):
    mag = np.abs(profile)
    peaks = np.flatnonzero((mag[1:-1] > mag[:-2]) & (mag[1:-1] >= mag[2:]) & (mag[1:-1] > rel * mag.max()))
    return peaks + 1


if __name__ == "__main__":
    ref = chirp_iq()
    iq = echoes(ref, delays=[60, 200, 333], amps=[1.0, 0.6, 0.3 * np.exp(0.7j)])
    mine = compress(iq, ref)
    truth = correlate(iq, ref, mode="full")[ref.size - 1:]
    log.info("echoes at %s", detect(mine))
    print("EVAL-RESULT:", "agree" if np.allclose(mine, truth) else "differ")
