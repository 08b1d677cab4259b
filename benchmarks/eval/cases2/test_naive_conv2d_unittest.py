# eval-label: buggy
# eval-expect: CNV101@16|25
# eval-why: a unittest checks naive_conv2d (a chained-slice window sum, i.e. correlation) against fftconvolve with the same unflipped kernel
# eval-fix: fftconvolve(x, w, mode="valid") => fftconvolve(x, w[::-1, ::-1], mode="valid")
import unittest

import numpy as np
from scipy.signal import fftconvolve


def naive_conv2d(x, w):
    kh, kw = w.shape
    out = np.empty((x.shape[0] - kh + 1, x.shape[1] - kw + 1))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            out[r, c] = np.sum(x[r:r + kh][:, c:c + kw] * w)
    return out


class TestNaiveConv(unittest.TestCase):
    def test_matches_scipy(self):
        rng = np.random.RandomState(0)
        x = rng.randn(10, 8)
        w = rng.randn(3, 4)
        expected = fftconvolve(x, w, mode="valid")
        np.testing.assert_allclose(naive_conv2d(x, w), expected, rtol=1e-7, atol=1e-10)


if __name__ == "__main__":
    result = unittest.TextTestRunner(verbosity=0).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(TestNaiveConv))
    print("EVAL-RESULT:", "agree" if result.wasSuccessful() else "differ")
