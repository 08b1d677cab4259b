# eval-label: clean
# eval-why: the batched matched filter reverses and conjugates the complex replica before oaconvolve along the last axis, which is the complex cross-correlation signal.correlate computes
import numpy as np
from scipy import signal

fs = 1.0e6
t = np.arange(64) / fs
replica = np.exp(1j * np.pi * 2.0e9 * t ** 2)           # complex LFM chirp
rng = np.random.default_rng(7)
pings = 0.3 * (rng.normal(size=(4, 400)) + 1j * rng.normal(size=(4, 400)))
delays = [50, 120, 201, 333]
for row, d in zip(pings, delays):
    row[d:d + replica.size] += np.exp(1j * rng.uniform(0, 2 * np.pi)) * replica

# matched filter = cross-correlation with the replica, every ping at once
mf = np.conj(replica[::-1])[None, :]
compressed = signal.oaconvolve(pings, mf, mode="full", axes=-1)[:, replica.size - 1:]
found = np.argmax(np.abs(compressed), axis=1)
print("delays found:", found.tolist())

ref = np.stack([signal.correlate(p, replica, mode="full")[replica.size - 1:] for p in pings])
ok = np.allclose(compressed, ref) and found.tolist() == delays
print("EVAL-RESULT:", "agree" if ok else "differ")
