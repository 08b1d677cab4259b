# eval-label: clean
# eval-why: integer photon counts go through signal.convolve with method='direct', which is exact, so the exact comparison with a summed-window count holds
import numpy as np
from scipy import signal

rng = np.random.default_rng(42)
hits = rng.poisson(3.0, size=(64, 64)).astype(np.int64)
box = np.ones((5, 5), dtype=np.int64)

counts = signal.convolve(hits, box, mode="same", method="direct")
padded = np.pad(hits, 2)
win = np.lib.stride_tricks.sliding_window_view(padded, (5, 5))
direct = win.sum(axis=(2, 3))
print("pixels over threshold:", int((counts >= 90).sum()))
print("EVAL-RESULT:", "agree" if np.array_equal(counts, direct) else "differ")
