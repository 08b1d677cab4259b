# eval-label: buggy
# eval-expect: CNV403@37|65
# eval-why: the host fast path pushes integer ADC counts and integer taps through oaconvolve, a floating-point FFT, and truncates with astype, so it is not bit-exact with the firmware's integer sums that the test compares with np.array_equal
# eval-fix: signal.oaconvolve(x, taps, mode="full") => signal.convolve(x, taps, mode="full", method="direct")
"""Fixed-point QRS front end (Pan-Tompkins style).

FirmwareModel mirrors the microcontroller: integer multiply-accumulate in
int64.  FastPath is the host-side implementation used for batch re-analysis
of Holter recordings; the two must agree bit for bit.
"""
import numpy as np
from scipy import signal

LOWPASS = np.array([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1], dtype=np.int64)
HIGHPASS = -np.ones(33, dtype=np.int64)
HIGHPASS[16] += 32
DERIV = np.array([2, 1, 0, -1, -2], dtype=np.int64)
WINDOW = np.ones(30, dtype=np.int64)


class FirmwareModel:
    def fir(self, x, taps):
        out = np.zeros(len(x) + len(taps) - 1, dtype=np.int64)
        for k, t in enumerate(taps):
            out[k:k + len(x)] += int(t) * x
        return out

    def run(self, adc):
        y = self.fir(adc, LOWPASS)
        y = self.fir(y, HIGHPASS) >> 5
        y = self.fir(y, DERIV)
        return self.fir(y * y, WINDOW)


class FastPath(FirmwareModel):
    def fir(self, x, taps):
        return signal.oaconvolve(x, taps, mode="full").astype(np.int64)


def detect_qrs(integrated, fs=360, refractory=0.2):
    thr = 0.3 * integrated.max()
    peaks, last = [], -10**9
    for i in np.flatnonzero(integrated > thr):
        if i - last > refractory * fs:
            peaks.append(int(i))
        last = i
    return peaks


def synthetic_adc(rng, seconds=10, fs=360, bpm=72):
    n = seconds * fs
    t = np.arange(n) / fs
    beats = np.zeros(n)
    beats[(np.arange(0, seconds, 60.0 / bpm) * fs).astype(int)] = 1.0
    qrs = np.exp(-0.5 * (np.arange(-20, 21) / 4.0) ** 2)
    ecg = np.convolve(beats, qrs, mode="same") + 0.1 * np.sin(2 * np.pi * 0.3 * t)
    return np.round(900 * ecg + 20 * rng.standard_normal(n)).astype(np.int64)


def test_fast_path_bit_exact():
    adc = synthetic_adc(np.random.default_rng(4))
    ref = FirmwareModel().run(adc)
    fast = FastPath().run(adc)
    print("beats found:", len(detect_qrs(ref)), len(detect_qrs(fast)))
    return np.array_equal(fast, ref)


print("EVAL-RESULT:", "agree" if test_fast_path_bit_exact() else "differ")
