# eval-label: clean
# eval-why: the complex matched filter reverses AND conjugates the reference before fftconvolve, which is the cross-correlation signal.correlate computes
import numpy as np
from scipy import signal

n = np.arange(256)
ref = np.exp(1j * 0.002 * n**2)  # complex chirp
rng = np.random.default_rng(8)
rx = np.roll(np.concatenate([ref, np.zeros(256)]), 100) * np.exp(0.3j)
rx = rx + 0.1 * (rng.standard_normal(rx.size) + 1j * rng.standard_normal(rx.size))

h = np.conj(ref[::-1])  # matched filter impulse response
compressed = signal.fftconvolve(rx, h, mode="full")
xc = signal.correlate(rx, ref, mode="full", method="direct")
delay = np.argmax(np.abs(compressed)) - (ref.size - 1)
print("delay", delay)
print("EVAL-RESULT:", "agree" if np.allclose(compressed, xc) and delay == 100 else "differ")
