# eval-label: buggy
# eval-expect: CNV301@13
# eval-why: np.flipud reverses only the rows of the 2-D kernel; the flip-then-slide convolution needs both axes reversed, so it disagrees with convolve2d for this kernel
# eval-fix: k_flip = np.flipud(k) => k_flip = k[::-1, ::-1]
# Lab 3, exercise 2: convolution = flip the kernel, then slide it (vectorised with as_strided)
import numpy as np
from numpy.lib.stride_tricks import as_strided
from scipy.signal import convolve2d

img = np.arange(56, dtype=float).reshape(7, 8) ** 0.5
k = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [0.5, 1.0, 0.0]])

k_flip = np.flipud(k)
kh, kw = k_flip.shape
oh, ow = img.shape[0] - kh + 1, img.shape[1] - kw + 1
s0, s1 = img.strides
windows = as_strided(img, shape=(oh, ow, kh, kw), strides=(s0, s1, s0, s1))
mine = (windows * k_flip).sum(axis=(2, 3))

print("EVAL-RESULT:", "agree" if np.allclose(mine, convolve2d(img, k, "valid")) else "differ")
