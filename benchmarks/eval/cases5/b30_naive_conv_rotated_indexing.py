# eval-label: buggy
# eval-expect: CNV203@13|22
# eval-why: The i - m indexing already flips the kernel; rotating it first turns the loop into a correlation.
# eval-fix: kr = np.rot90(k, 2) => kr = k
import unittest

import numpy as np
from scipy.signal import convolve2d


def naive_conv_full(x, k):
    """Full 2-D convolution, y[i, j] = sum_mn x[i - m, j - n] k[m, n]."""
    kr = np.rot90(k, 2)
    H, W = x.shape
    kh, kw = k.shape
    y = np.zeros((H + kh - 1, W + kw - 1))
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            for m in range(kh):
                for n in range(kw):
                    if 0 <= i - m < H and 0 <= j - n < W:
                        y[i, j] += x[i - m, j - n] * kr[m, n]
    return y


class TestNaive(unittest.TestCase):
    def test_against_scipy(self):
        rng = np.random.default_rng(0)
        x, k = rng.random((5, 6)), rng.random((3, 2))
        np.testing.assert_allclose(naive_conv_full(x, k), convolve2d(x, k))


if __name__ == "__main__":
    res = unittest.main(exit=False, argv=["x"]).result
    print("EVAL-RESULT:", "agree" if res.wasSuccessful() else "differ")
