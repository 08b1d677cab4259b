# eval-label: clean
# eval-why: integer images convolved with method='direct' are exact, so comparing them exactly with convolve2d is sound.
import numpy as np
from scipy import signal

counts = np.random.default_rng(0).integers(0, 2**20, size=(64, 64), dtype=np.int64)
stencil = np.random.default_rng(1).integers(-3, 4, size=(7, 7), dtype=np.int64)

a = signal.convolve(counts, stencil, method="direct")
b = signal.convolve2d(counts, stencil)
exact = np.array_equal(a, b)

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if exact else "differ")
