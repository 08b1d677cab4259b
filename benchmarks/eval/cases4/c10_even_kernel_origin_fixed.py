# eval-label: clean
# eval-why: the even 4x2 kernel's 'same' anchor difference is handled: ndimage.correlate with origin=-1 on both even axes reproduces correlate2d('same')
import numpy as np
from scipy import ndimage
from scipy.signal import correlate2d

rng = np.random.default_rng(9)
x = rng.random((11, 10))
k = np.arange(8, dtype=float).reshape(4, 2) - 3.0

# scipy.signal anchors (m - 1) // 2, ndimage anchors m // 2 + origin
a = correlate2d(x, k, mode="same")
b = ndimage.correlate(x, k, mode="constant", origin=(-1, -1))
print("max difference", np.abs(a - b).max())
print("EVAL-RESULT:", "agree" if np.allclose(a, b) else "differ")
