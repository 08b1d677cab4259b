# eval-label: buggy
# eval-expect: CNV201@16,CNV101@16|25
# eval-why: the function documents the cross-correlation sum x[i + m, j + n] * w[m, n] but calls signal.convolve, and its unittest compares with that formula
# eval-fix: return signal.convolve(x, w, mode="valid") => return signal.correlate(x, w, mode="valid")
import unittest

import numpy as np
from scipy import signal


def feature_map(x, w):
    """Cross-correlation of x with w, no padding.

    out[i, j] = sum_{m, n} x[i + m, j + n] * w[m, n]
    """
    return signal.convolve(x, w, mode="valid")


class TestFeatureMap(unittest.TestCase):
    def test_against_formula(self):
        rng = np.random.default_rng(8)
        x = rng.normal(size=(7, 6))
        w = rng.normal(size=(3, 2))
        M, N = w.shape
        want = np.array([[sum(x[i + m, j + n] * w[m, n] for m in range(M) for n in range(N))
                          for j in range(x.shape[1] - N + 1)]
                         for i in range(x.shape[0] - M + 1)])
        np.testing.assert_allclose(feature_map(x, w), want, atol=1e-12)


res = unittest.TextTestRunner(verbosity=0).run(
    unittest.defaultTestLoader.loadTestsFromTestCase(TestFeatureMap))
print("EVAL-RESULT:", "agree" if res.wasSuccessful() else "differ")
