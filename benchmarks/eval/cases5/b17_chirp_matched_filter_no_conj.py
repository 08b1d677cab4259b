# eval-label: buggy
# eval-expect: CNV401@21
# eval-why: For a complex pulse the correlation needs conj(ref[::-1]); reversing alone is a convolution with the time-reversed chirp.
# eval-fix: fftconvolve(rx, ref[::-1], mode="full") => fftconvolve(rx, np.conj(ref[::-1]), mode="full")
import numpy as np
from scipy.signal import fftconvolve, correlate

FS = 1.0e6          # sample rate [Hz]
PULSE = 64          # samples
BW = 2.0e5          # chirp bandwidth


def lfm_chirp(n=PULSE, fs=FS, bw=BW):
    t = np.arange(n) / fs
    k = bw / (n / fs)
    return np.exp(1j * np.pi * k * (t - t.mean()) ** 2)


def pulse_compress(rx, ref):
    """Cross-correlation of the received samples with the transmitted pulse."""
    return fftconvolve(rx, ref[::-1], mode="full")


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    tx = lfm_chirp()
    rx = 0.1 * (rng.normal(size=1024) + 1j * rng.normal(size=1024))
    delay = 300
    rx[delay:delay + PULSE] += tx * np.exp(1j * 0.7)
    mine = pulse_compress(rx, tx)
    ref = correlate(rx, tx, mode="full", method="direct")
    print("peak at", np.argmax(np.abs(mine)), "reference", np.argmax(np.abs(ref)))
    print("EVAL-RESULT:", "agree" if np.allclose(mine, ref, atol=1e-8) else "differ")
