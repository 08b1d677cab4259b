# eval-label: buggy
# eval-expect: CNV401@22
# eval-why: the cross-correlation of complex wavefronts is sum field[p + m] * conj(ref[m]); reversing the complex reference for oaconvolve without conjugating it gives a different surface (wrong peak and phase).
# eval-fix: signal.oaconvolve(field, ref[::-1, ::-1], mode="full") => signal.oaconvolve(field, np.conj(ref[::-1, ::-1]), mode="full")
"""Off-axis digital holography: find the particle by cross-correlating the
reconstructed complex field with a reference wavefront (a focused spherical wave)."""
import numpy as np
from scipy import signal

wavelength, pitch, z = 0.532e-6, 3.45e-6, 2.0e-3
k0 = 2 * np.pi / wavelength


def spherical_ref(n=15):
    yy, xx = (np.mgrid[:n, :n] - n // 2) * pitch
    tilt = np.exp(1j * k0 * 0.02 * xx)                 # off-axis carrier
    return np.exp(1j * k0 * (xx ** 2 + yy ** 2) / (2 * z)) * tilt


def locate(field, ref):
    """Cross-correlate the field with the reference; return peak index and phase."""
    corr = signal.oaconvolve(field, ref[::-1, ::-1], mode="full")
    peak = np.unravel_index(np.argmax(np.abs(corr)), corr.shape)
    return corr, peak, np.angle(corr[peak])


rng = np.random.default_rng(3)
ref = spherical_ref()
field = 0.05 * (rng.normal(size=(64, 64)) + 1j * rng.normal(size=(64, 64)))
field[20:35, 30:45] += 0.8 * np.exp(1j * 0.7) * ref          # particle at (20, 30)

corr, peak, phase = locate(field, ref)
truth = signal.correlate2d(field, ref, mode="full")          # conjugates ref
print("peak", peak, "phase %.2f rad" % phase)
print("EVAL-RESULT:", "agree" if np.allclose(corr, truth) else "differ")
