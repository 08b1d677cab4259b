# eval-label: buggy
# eval-expect: CNV101@15|21
# eval-why: a 1-D FIR loop with np.dot over x[n:n+m] (a correlation) is checked against np.convolve with the same asymmetric taps
# eval-fix: np.convolve(samples, taps, "valid") => np.convolve(samples, taps[::-1], "valid")
"""Sanity check for the FIR stage of the sensor pipeline."""
import numpy as np

taps = np.array([0.5, 0.3, 0.15, 0.05])   # decaying response, newest sample first


def fir_stage(samples, taps):
    m = len(taps)
    out = []
    for n in range(len(samples) - m + 1):
        out.append(np.dot(samples[n:n + m], taps))
    return np.asarray(out)


samples = np.sin(np.linspace(0, 6, 200)) + 0.1 * np.random.default_rng(1).standard_normal(200)
ours = fir_stage(samples, taps)
numpy_ref = np.convolve(samples, taps, "valid")
same = np.allclose(ours, numpy_ref)
print("FIR stage matches np.convolve:", same)
print("EVAL-RESULT:", "agree" if same else "differ")
