# eval-label: buggy
# eval-expect: CNV101@13|14
# eval-why: the top-left window sum uses K as written (a cross-correlation) but is compared with convolve2d, which rotates K by 180 degrees.
# eval-fix: (X[0:3, 0:3] * K).sum() => (X[0:3, 0:3] * K[::-1, ::-1]).sum()
"""Checking scipy's convolve2d by hand before I trust it in my convnet."""
import numpy as np
from scipy.signal import convolve2d

rng = np.random.default_rng(7)
X = rng.random((10, 10)).astype(np.float32)
K = rng.random((3, 3)).astype(np.float32)

top_left = (X[0:3, 0:3] * K).sum()
Y = convolve2d(X, K, "valid")
match = bool(np.isclose(top_left, Y[0, 0]))
print("by hand:", top_left, "scipy:", Y[0, 0], "match:", match)

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if match else "differ")
