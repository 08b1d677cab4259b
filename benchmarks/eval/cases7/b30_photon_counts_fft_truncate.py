# eval-label: buggy
# eval-expect: CNV403@14|16
# eval-why: photon hit counts are integers, but fftconvolve returns floats such as 2.9999999999999996 and astype truncates them, so the neighbourhood counts are not exact
# eval-fix: fftconvolve(hits, box, mode="same").astype(np.int64) => signal.convolve(hits, box, mode="same", method="direct")
# Event-counting detector: photons per 5x5 neighbourhood, then a threshold on exact counts.
import numpy as np
from scipy import signal
from scipy.signal import fftconvolve

rng = np.random.default_rng(42)
hits = rng.poisson(3.0, size=(128, 128)).astype(np.int64)
box = np.ones((5, 5), dtype=np.int64)

counts = fftconvolve(hits, box, mode="same").astype(np.int64)
direct = signal.convolve2d(hits, box, mode="same")
exact = np.array_equal(counts, direct)
print("pixels over threshold:", int((counts >= 90).sum()))
print("EVAL-RESULT:", "agree" if exact else "differ")
