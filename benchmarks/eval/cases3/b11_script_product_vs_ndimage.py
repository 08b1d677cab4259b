# eval-label: buggy
# eval-expect: CNV101@19|21
# eval-why: a module-level homework script checks its zero-padded window sum (a correlation) against ndimage.convolve of the same asymmetric kernel
# eval-fix: ndimage.convolve(img, K, => ndimage.correlate(img, K,
# Exercise 2.3: implement 2-D filtering yourself and compare with scipy
import itertools

import numpy as np
from scipy import ndimage

img = np.random.default_rng(8).integers(0, 256, size=(12, 12)).astype(float)
K = np.array([[0, -1, 0],
              [-1, 4, 0],
              [0, 0, 1]], dtype=float)

padded = np.pad(img, 1, mode="constant")
manual = np.zeros_like(img)
for r, c in itertools.product(range(img.shape[0]), range(img.shape[1])):
    manual[r, c] = (padded[r:r + 3, c:c + 3] * K).sum()

library = ndimage.convolve(img, K, mode="constant", cval=0)

print("max abs diff:", np.abs(manual - library).max())
print("EVAL-RESULT:", "agree" if np.allclose(manual, library) else "differ")
