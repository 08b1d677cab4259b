# eval-label: buggy
# eval-expect: CNV101@18|22
# eval-why: a hand-written FIR loop (y[n] = sum x[n + k] h[k], a correlation) is checked against np.convolve, which reverses the taps
# eval-fix: np.convolve(sig, taps, "valid") => np.convolve(sig, taps[::-1], "valid")
import numpy as np

fs = 8000.0
t = np.arange(400) / fs
sig = np.sin(2 * np.pi * 440 * t) + 0.3 * np.sin(2 * np.pi * 1900 * t)
taps = np.array([0.05, 0.2, 0.4, 0.25, 0.1])   # not symmetric: minimum-phase-ish

L = len(sig) - len(taps) + 1
y = np.zeros(L)
n = 0
while n < L:
    acc = 0.0
    for k in range(len(taps)):
        acc += sig[n + k] * taps[k]
    y[n] = acc
    n += 1

ref = np.convolve(sig, taps, "valid")
print("rms err", np.sqrt(np.mean((y - ref) ** 2)))
print("EVAL-RESULT:", "agree" if np.allclose(y, ref) else "differ")
