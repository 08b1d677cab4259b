# eval-label: clean
# eval-why: the host fast path filters integer ADC counts with integer taps through signal.convolve(method="direct"), which sums exactly in int64, so the bit-exact comparison with the firmware model holds
"""Fixed-point ECG front end: a chain of integer FIR stages.

The firmware model is a multiply-accumulate loop; the host path uses
scipy with method="direct" so that integer results stay exact.
"""
import numpy as np
from scipy import signal

STAGES = [
    ("lowpass", np.array([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1], dtype=np.int64), 0),
    ("highpass", np.r_[-np.ones(16, np.int64), 31, -np.ones(16, np.int64)], 5),
    ("deriv", np.array([2, 1, 0, -1, -2], dtype=np.int64), 0),
]
WINDOW = np.ones(30, dtype=np.int64)


def mac_fir(x, taps):
    out = np.zeros(len(x) + len(taps) - 1, dtype=np.int64)
    for k, t in enumerate(taps):
        out[k:k + len(x)] += int(t) * x
    return out


def host_fir(x, taps):
    return signal.convolve(x, taps, mode="full", method="direct")


def chain(adc, fir):
    y = adc
    for _name, taps, shift in STAGES:
        y = fir(y, taps) >> shift
    return fir(y * y, WINDOW)


def heart_rate(integrated, fs=360):
    above = integrated > 0.3 * integrated.max()
    onsets = np.flatnonzero(above[1:] & ~above[:-1])
    return 60.0 * fs / np.median(np.diff(onsets)) if len(onsets) > 1 else float("nan")


rng = np.random.default_rng(4)
fs, n = 360, 3600
beats = np.zeros(n)
beats[::300] = 1.0
ecg = np.convolve(beats, np.exp(-0.5 * (np.arange(-20, 21) / 4.0) ** 2), mode="same")
adc = np.round(900 * ecg + 20 * rng.standard_normal(n)).astype(np.int64)

firmware = chain(adc, mac_fir)
host = chain(adc, host_fir)
print("heart rate:", round(heart_rate(host, fs), 1))
print("EVAL-RESULT:", "agree" if np.array_equal(host, firmware) else "differ")
