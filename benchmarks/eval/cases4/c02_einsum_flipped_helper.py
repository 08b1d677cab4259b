# eval-label: clean
# eval-why: the helper rotates the kernel on both axes before the einsum window sum, which is exactly what convolve2d computes
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import convolve2d


def rot180(k):
    """Rotate a 2-D kernel by 180 degrees (both axes reversed)."""
    return np.flip(np.flip(k, axis=0), axis=1)


def conv_valid(img, k):
    """True 2-D convolution, 'valid' part, via windows."""
    windows = sliding_window_view(img, k.shape)
    return np.einsum("abij,ij->ab", windows, rot180(k))


rng = np.random.default_rng(1)
img = rng.random((10, 12))
k = np.array([[3.0, -1.0], [0.5, 2.0], [-2.0, 1.0]])
print("EVAL-RESULT:", "agree" if np.allclose(conv_valid(img, k), convolve2d(img, k, "valid")) else "differ")
