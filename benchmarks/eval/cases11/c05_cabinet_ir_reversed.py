# eval-label: clean
# eval-why: np.correlate with the time-reversed real impulse response is the convolution the docstring describes, and it matches lfilter running the IR as an FIR filter
"""Guitar cabinet simulator: DI track convolved with a measured cabinet impulse response."""
import numpy as np
from scipy.signal import lfilter

fs = 8000
rng = np.random.default_rng(3)
t = np.arange(0, 0.05, 1 / fs)
di = np.sin(2 * np.pi * 196 * t) * np.exp(-30 * t) + 0.01 * rng.standard_normal(t.size)

n = np.arange(96)
ir = np.exp(-n / 18.0) * np.cos(0.7 * n)
ir[0] += 1.0


def cabinet(dry, rir):
    """Wet signal: the dry track convolved with the cabinet IR.

    The DSP library only ships a correlator, so the (real) IR is reversed first.
    """
    return np.correlate(dry, rir[::-1], "full")


wet = cabinet(di, ir)
ref = lfilter(ir, [1.0], np.concatenate([di, np.zeros(ir.size - 1)]))
print("peak wet", np.abs(wet).max().round(3), "peak ref", np.abs(ref).max().round(3))
print("EVAL-RESULT:", "agree" if np.allclose(wet, ref) else "differ")
