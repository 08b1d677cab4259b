# eval-label: buggy
# eval-expect: CNV402@13|14
# eval-why: for the 2x2 kernel correlate2d('same') anchors element (0, 0) and ndimage.correlate anchors (1, 1), so the two 'same' results are shifted by one pixel
# eval-fix: mode="constant") => mode="constant", origin=-1)
import numpy as np
from scipy import ndimage
from scipy.signal import correlate2d

x = np.random.default_rng(2).random((8, 9))
k = np.array([[1, 2], [3, 4]], dtype=float) / 10

# two ways to compute the same 2x2 'same' correlation
a = correlate2d(x, k, mode="same")
b = ndimage.correlate(x, k, mode="constant")
diff = np.abs(a - b).max()
print("max difference", diff)
print("EVAL-RESULT:", "agree" if diff < 1e-12 else "differ")
