# eval-label: clean
# eval-why: the sliding-window einsum is a cross-correlation and is compared with signal.correlate in 'valid' mode.
import unittest

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import signal


def conv_valid(img, ker):
    return np.einsum("ijkl,kl->ij", sliding_window_view(img, ker.shape), ker)


class TestConv(unittest.TestCase):
    def test_dl_style_conv(self):
        rng = np.random.default_rng(3)
        img = rng.integers(0, 9, size=(7, 8))
        ker = rng.integers(-3, 4, size=(3, 2))
        ref = signal.correlate(img, ker, mode="valid")
        self.assertTrue(np.array_equal(conv_valid(img, ker), ref))


if __name__ == "__main__":
    res = unittest.TextTestRunner(verbosity=0).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(TestConv)
    )
    print("EVAL-RESULT:", "agree" if res.wasSuccessful() else "differ")
