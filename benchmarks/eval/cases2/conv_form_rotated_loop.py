# eval-label: buggy
# eval-expect: CNV203@11|20
# eval-why: the convolution-form loop out[i, j] += x[i - m, j - n] * k_rot[m, n] already flips, so rotating k first gives a correlation; compared with convolve2d 'full' of k
# eval-fix: k_rot = np.rot90(k, 2) => k_rot = k
import numpy as np
from scipy.signal import convolve2d


def conv2d_full(x, k):
    """Textbook full 2-D convolution, y = x * k."""
    k_rot = np.rot90(k, 2)
    H, W = x.shape
    kh, kw = k.shape
    y = np.zeros((H + kh - 1, W + kw - 1))
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            for m in range(kh):
                for n in range(kw):
                    if 0 <= i - m < H and 0 <= j - n < W:
                        y[i, j] += x[i - m, j - n] * k_rot[m, n]
    return y


x = np.arange(20.0).reshape(4, 5) % 7
k = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
print("EVAL-RESULT:", "agree" if np.allclose(conv2d_full(x, k), convolve2d(x, k)) else "differ")
