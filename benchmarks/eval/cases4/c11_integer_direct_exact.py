# eval-label: clean
# eval-why: integer counts are convolved with method='direct', which is exact, so the exact comparison with convolve2d holds
import numpy as np
from scipy import signal

rng = np.random.default_rng(10)
hits = rng.integers(0, 1000, size=(30, 30))
mask = rng.integers(0, 3, size=(7, 7))

# neighbourhood totals must be exact: they are compared with the trigger table
totals = signal.convolve(hits, mask, mode="same", method="direct")
ref = signal.convolve2d(hits, mask, mode="same")
print(totals.dtype, totals[0, :4])
print("largest total:", totals.max())
print("EVAL-RESULT:", "agree" if np.array_equal(totals, ref) else "differ")
