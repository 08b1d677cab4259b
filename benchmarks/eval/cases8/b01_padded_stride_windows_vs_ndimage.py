# eval-label: buggy
# eval-expect: CNV101@20|22
# eval-why: the per-pixel window sum over np.pad'ed as_strided windows is a cross-correlation, but it is checked against ndimage.convolve of the same, unflipped kernel
# eval-fix: ndimage.convolve(img, kern, mode="constant") => ndimage.correlate(img, kern, mode="constant")
import numpy as np
from numpy.lib.stride_tricks import as_strided
from scipy import ndimage

rng = np.random.default_rng(8)
img = rng.normal(size=(12, 10))
kern = np.array([[0.0, 1.0, 2.0], [-1.0, 0.5, 3.0], [0.25, -2.0, 1.0]])

padded = np.pad(img, 1, mode="constant")
s0, s1 = padded.strides
win = as_strided(padded, shape=(12, 10, 3, 3), strides=(s0, s1, s0, s1), writeable=False)

mine = np.empty_like(img)
for r in range(img.shape[0]):
    for c in range(img.shape[1]):
        mine[r, c] = (win[r, c] * kern).sum()

lib = ndimage.convolve(img, kern, mode="constant")
print("max abs diff:", np.abs(mine - lib).max())
print("EVAL-RESULT:", "agree" if np.allclose(mine, lib) else "differ")
