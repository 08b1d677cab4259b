# eval-label: clean
# eval-why: a hand-rolled window sum with the Laplacian literal (equal to its 180-degree rotation) is compared with convolve2d; the orientation makes no difference
import numpy as np
from scipy.signal import convolve2d

lap = np.array([[0, 1, 0],
                [1, -4, 1],
                [0, 1, 0]], dtype=float)

img = np.random.default_rng(46).random((10, 10))
h, w = img.shape
manual = np.zeros((h - 2, w - 2))
for r in range(h - 2):
    for c in range(w - 2):
        manual[r, c] = (img[r:r + 3, c:c + 3] * lap).sum()

ref = convolve2d(img, lap, mode="valid")
print("EVAL-RESULT:", "agree" if np.allclose(manual, ref) else "differ")
