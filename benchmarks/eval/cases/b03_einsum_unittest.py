# eval-label: buggy
# eval-expect: CNV101@14|24|25
# eval-why: an einsum over sliding windows is a cross-correlation, but the unittest expects it to equal scipy's convolve2d.
# eval-fix: windows, ker) => windows, ker[::-1, ::-1])
import unittest

import numpy as np
import scipy.signal as sig
from numpy.lib.stride_tricks import sliding_window_view


def conv_valid(img, ker):
    windows = sliding_window_view(img, ker.shape)
    return np.einsum("ijkl,kl->ij", windows, ker)


class TestConvValid(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(3)
        self.img = rng.integers(0, 9, size=(7, 8))
        self.ker = rng.integers(-3, 4, size=(3, 2))

    def test_against_scipy(self):
        ref = sig.convolve2d(self.img, self.ker, mode="valid")
        np.testing.assert_array_equal(conv_valid(self.img, self.ker), ref)


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(TestConvValid)
    outcome = unittest.TextTestRunner(verbosity=0).run(suite)
    print("EVAL-RESULT:", "agree" if outcome.wasSuccessful() else "differ")
