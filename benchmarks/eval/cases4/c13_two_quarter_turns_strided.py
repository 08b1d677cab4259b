# eval-label: clean
# eval-why: two quarter turns (np.rot90 applied twice) are the 180-degree rotation, so the as_strided window sum equals convolve2d
import numpy as np
from numpy.lib.stride_tricks import as_strided
from scipy.signal import convolve2d


def windows(a, kh, kw):
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    s0, s1 = a.strides
    return as_strided(a, shape=(oh, ow, kh, kw), strides=(s0, s1, s0, s1), writeable=False)


rng = np.random.default_rng(11)
a = rng.random((9, 9))
k = rng.random((3, 3))
k_flip = np.rot90(np.rot90(k))  # 180 degrees
out = np.tensordot(windows(a, 3, 3), k_flip, axes=([2, 3], [0, 1]))
ref = convolve2d(a, k, mode="valid")
print(out[0, 0], ref[0, 0], (a[0:3, 0:3] * k_flip).sum())
print("EVAL-RESULT:", "agree" if np.allclose(out, ref) else "differ")
