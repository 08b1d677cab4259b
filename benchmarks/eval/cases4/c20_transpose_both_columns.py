# eval-label: clean
# eval-why: transposing the image AND the kernel (and the result back) is an exact identity of convolution, used here to filter along columns; it is not a flip
import numpy as np
from scipy.signal import convolve2d


def filter_columns(img, k_row):
    """Apply a row kernel along the columns by working on the transposed image."""
    return convolve2d(img.T, k_row, mode="same").T


rng = np.random.default_rng(17)
img = rng.random((12, 9))
k_row = np.array([[0.5, 0.3, 0.2]])
k_col = k_row.T
a = filter_columns(img, k_row)
b = convolve2d(img, k_col, mode="same")
c = convolve2d(img.T, k_col.T, mode="same").T
print("EVAL-RESULT:", "agree" if np.allclose(a, b) and np.allclose(b, c) else "differ")
