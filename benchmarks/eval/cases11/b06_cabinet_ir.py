# eval-label: buggy
# eval-expect: CNV202@22|25
# eval-why: the cabinet simulator documents the wet signal as the dry track convolved with the measured impulse response, but np.correlate runs the decaying IR backwards in time
# eval-fix: np.correlate(dry, rir, "full") => np.convolve(dry, rir, "full")
"""Guitar cabinet simulator: DI track convolved with a measured cabinet impulse response."""
import numpy as np
from scipy.signal import lfilter

fs = 8000
rng = np.random.default_rng(3)
t = np.arange(0, 0.05, 1 / fs)
di = np.sin(2 * np.pi * 196 * t) * np.exp(-30 * t) + 0.01 * rng.standard_normal(t.size)

# measured IR: direct sound, then a decaying, ringing tail
n = np.arange(96)
ir = np.exp(-n / 18.0) * np.cos(0.7 * n)
ir[0] += 1.0


def cabinet(dry, rir):
    """Wet signal: the dry track convolved with the cabinet impulse response."""
    return np.correlate(dry, rir, "full")


wet = cabinet(di, ir)
# reference: the IR as a causal FIR filter run by lfilter
ref = lfilter(ir, [1.0], np.concatenate([di, np.zeros(ir.size - 1)]))
print("peak wet", np.abs(wet).max().round(3), "peak ref", np.abs(ref).max().round(3))
print("EVAL-RESULT:", "agree" if np.allclose(wet, ref) else "differ")
