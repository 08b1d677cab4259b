# eval-label: buggy
# eval-expect: CNV401@34
# eval-why: the I/Q bursts are complex, and the documented cross-correlation sum a[n + l] * conj(b[n]) needs the conjugate; oaconvolve with b[::-1] alone correlates with conj(b) missing, so the peak phase (the fine delay) is wrong
# eval-fix: signal.oaconvolve(a, b[::-1], mode="full") => signal.oaconvolve(a, np.conj(b[::-1]), mode="full")
"""Transit-time ultrasonic flow meter.

Upstream and downstream bursts are mixed to complex baseband (I/Q).  The
cross-correlation of the two gives the coarse transit-time difference (peak
lag) and the fine difference (phase of the peak divided by 2*pi*f0).
"""
import numpy as np
from scipy import signal

FS = 4.0e6        # ADC rate, Hz
F0 = 1.0e6        # transducer centre frequency, Hz
PIPE_D = 0.05     # m
SOUND = 1480.0    # m/s in water


def burst(n, delay_s, cycles=8):
    t = np.arange(n) / FS - delay_s
    env = np.exp(-0.5 * ((t - cycles / (2 * F0)) * F0 / 2.0) ** 2)
    return env * np.cos(2 * np.pi * F0 * t)


def to_baseband(rf, taps=15):
    t = np.arange(rf.size) / FS
    mixed = rf * np.exp(-2j * np.pi * F0 * t)
    return np.convolve(mixed, np.ones(taps) / taps, mode="same")


def cross_correlation(a, b):
    """r[l] = sum_n a[n + l] * conj(b[n]), computed by overlap-add."""
    return signal.oaconvolve(a, b[::-1], mode="full")


def transit_difference(up_iq, down_iq):
    """Coarse delay from the peak lag, fine delay from the peak phase."""
    r = cross_correlation(down_iq, up_iq)
    peak = int(np.argmax(np.abs(r)))
    coarse = (peak - (up_iq.size - 1)) / FS
    fine = -np.angle(r[peak]) / (2 * np.pi * F0)
    period = 1.0 / F0
    fine += period * np.round((coarse - fine) / period)  # phase branch nearest the lag
    return coarse, fine


def flow_velocity(dt, path_angle_deg=45.0):
    cos_a = np.cos(np.radians(path_angle_deg))
    return dt * SOUND ** 2 / (2 * PIPE_D / np.sin(np.radians(path_angle_deg)) * cos_a)


if __name__ == "__main__":
    up = to_baseband(burst(400, 20.2e-6))
    down = to_baseband(burst(400, 20.2e-6 + 130e-9))
    coarse, fine = transit_difference(up, down)
    print(f"coarse {coarse * 1e9:.0f} ns, fine {fine * 1e9:.1f} ns")
    print(f"flow velocity estimate {flow_velocity(fine):.3f} m/s")
    reference = signal.correlate(down, up, mode="full")
    ours = cross_correlation(down, up)
    print("EVAL-RESULT:", "agree" if np.allclose(ours, reference, atol=1e-9) else "differ")
