# eval-label: clean
# eval-why: the complex pulse is conjugated and reversed before fftconvolve, which is the cross-correlation np.correlate computes
import numpy as np
from scipy.signal import fftconvolve

code = np.array([1, 1, 1, -1, -1, 1, -1, 1, 1, -1, 1, -1, -1], dtype=complex)  # Barker-13
carrier = np.exp(1j * 2 * np.pi * 0.07 * np.arange(code.size))
pulse = code * carrier

gen = np.random.default_rng(1)
echo = 0.2 * (gen.standard_normal(500) + 1j * gen.standard_normal(500))
echo[210:210 + pulse.size] += pulse * np.exp(-0.4j)

replica = np.conj(pulse[::-1])
compressed = fftconvolve(echo, replica)[pulse.size - 1:]
reference = np.correlate(echo, pulse, "full")[pulse.size - 1:]

print("EVAL-RESULT:", "agree" if np.allclose(compressed, reference) and np.argmax(abs(compressed)) == 210 else "differ")
