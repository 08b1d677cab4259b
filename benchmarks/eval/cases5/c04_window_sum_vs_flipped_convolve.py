# eval-label: clean
# eval-why: A correlation compared with convolve2d of the rotated kernel: both sides compute the same correlation.
"""Fast correlation with stride tricks, validated against scipy."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import convolve2d


def xcorr_valid(a, k):
    """out[i, j] = sum_mn a[i + m, j + n] k[m, n] (no kernel flip)."""
    return np.einsum("ijkl,kl->ij", sliding_window_view(a, k.shape), k)


def reference(a, k):
    # convolve2d with the kernel rotated by 180 degrees is the correlation
    return convolve2d(a, k[::-1, ::-1], mode="valid")


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    a = rng.random((15, 11))
    k = rng.random((4, 3))
    mine, ref = xcorr_valid(a, k), reference(a, k)
    print("max diff", np.abs(mine - ref).max())
    print("EVAL-RESULT:", "agree" if np.allclose(mine, ref) else "differ")
