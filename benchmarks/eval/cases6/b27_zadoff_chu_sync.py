# eval-label: buggy
# eval-expect: CNV401@18
# eval-why: the complex Zadoff-Chu preamble is reversed but not conjugated, so fftconvolve does not compute the cross-correlation it is named after
# eval-fix: ref[::-1] => np.conj(ref[::-1])
"""Frame synchroniser for the OFDM test modem (complex baseband samples)."""

import numpy as np
from scipy import signal


def zadoff_chu(root, n):
    k = np.arange(n)
    return np.exp(-1j * np.pi * root * k * (k + 1) / n)


def cross_correlate(rx, ref):
    """Cross-correlation of the received samples with the preamble (via FFT, fast)."""
    return signal.fftconvolve(rx, ref[::-1], mode="full")


def frame_start(rx, ref):
    c = cross_correlate(rx, ref)
    return int(np.argmax(np.abs(c))) - (len(ref) - 1)


if __name__ == "__main__":
    rng = np.random.default_rng(29)
    zc = zadoff_chu(25, 63)
    rx = 0.3 * (rng.normal(size=600) + 1j * rng.normal(size=600))
    rx[137 : 137 + 63] += zc * np.exp(1j * 0.7)  # unknown carrier phase
    print("frame starts at", frame_start(rx, zc))
    ok = np.allclose(cross_correlate(rx, zc), signal.correlate(rx, zc, mode="full"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
