# eval-label: clean
# eval-why: the column filter transposes the image and the kernel together and transposes the result back, which is exactly the same convolution (no flip is intended)
# vertical smear via the row-optimised routine: filter(X.T, K.T).T == filter(X, K)
import numpy as np
from scipy.signal import convolve2d


def row_filter(img, kern):
    """The fast path only supports wide kernels; fine, it is a plain convolve2d here."""
    return convolve2d(img, kern, mode="same", boundary="symm")


def column_filter(img, kern):
    return row_filter(img.T, kern.T).T


img = np.random.default_rng(19).random((15, 12))
kern = np.array([[0.6], [0.3], [0.1]])          # tall kernel: charge trailing downwards
out = column_filter(img, kern)
print("EVAL-RESULT:", "agree" if np.allclose(out, convolve2d(img, kern, "same", "symm")) else "differ")
