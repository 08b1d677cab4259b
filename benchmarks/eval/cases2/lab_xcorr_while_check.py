# eval-label: clean
# eval-why: a while-loop window sum is checked against signal.correlate2d, the same operation (correlation with the kernel as written)
import numpy as np
from scipy import signal


def sliding_filter(img, kern):
    kh, kw = kern.shape
    out = np.zeros((img.shape[0] - kh + 1, img.shape[1] - kw + 1))
    r = 0
    while r < out.shape[0]:
        c = 0
        while c < out.shape[1]:
            out[r, c] = (img[r:r + kh, c:c + kw] * kern).sum()
            c += 1
        r += 1
    return out


img = np.random.default_rng(30).random((14, 11))
kern = np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], dtype=float)
mine = sliding_filter(img, kern)
ref = signal.correlate2d(img, kern, mode="valid")
print("EVAL-RESULT:", "agree" if np.allclose(mine, ref) else "differ")
