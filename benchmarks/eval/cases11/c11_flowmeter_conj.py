# eval-label: clean
# eval-why: the complex I/Q cross-correlation is built as oaconvolve with np.conj of the reversed burst, which is the documented sum a[n + l] * conj(b[n]) and matches signal.correlate
"""Transit-time flow meter: I/Q cross-correlation by overlap-add (long captures)."""
import numpy as np
from scipy import signal

FS, F0 = 4.0e6, 1.0e6


def burst(n, delay_s, cycles=8):
    t = np.arange(n) / FS - delay_s
    env = np.exp(-0.5 * ((t - cycles / (2 * F0)) * F0 / 2.0) ** 2)
    return env * np.cos(2 * np.pi * F0 * t)


def to_baseband(rf, taps=15):
    mixed = rf * np.exp(-2j * np.pi * F0 * np.arange(rf.size) / FS)
    return np.convolve(mixed, np.ones(taps) / taps, mode="same")


def cross_correlation(a, b):
    """r[l] = sum_n a[n + l] * conj(b[n])."""
    return signal.oaconvolve(a, np.conj(b[::-1]), mode="full")


up = to_baseband(burst(400, 20.2e-6))
down = to_baseband(burst(400, 20.2e-6 + 130e-9))
r = cross_correlation(down, up)
peak = int(np.argmax(np.abs(r)))
print("fine delay [ns]:", round(-np.angle(r[peak]) / (2 * np.pi * F0) * 1e9, 1))
ok = np.allclose(r, signal.correlate(down, up, mode="full"), atol=1e-9)
print("EVAL-RESULT:", "agree" if ok else "differ")
