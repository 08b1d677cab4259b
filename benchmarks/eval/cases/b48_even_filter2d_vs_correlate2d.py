# eval-label: buggy
# eval-expect: CNV402@16|17|18
# eval-why: cv2.filter2D and correlate2d both correlate, but for an even 4x4 kernel their default 'same' anchors differ by one pixel.
# eval-fix: k, borderType=cv2.BORDER_CONSTANT) => k, anchor=(1, 1), borderType=cv2.BORDER_CONSTANT)
import unittest

import cv2
import numpy as np
from scipy.signal import correlate2d


class TestBoxBlur(unittest.TestCase):
    def test_filter2d_equals_scipy(self):
        src = np.random.default_rng(3).random((12, 12)).astype(np.float32)
        k = np.arange(16, dtype=np.float32).reshape(4, 4) / 120.0
        got = cv2.filter2D(src, -1, k, borderType=cv2.BORDER_CONSTANT)
        want = correlate2d(src, k, mode="same")
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


if __name__ == "__main__":
    res = unittest.TextTestRunner(verbosity=0).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(TestBoxBlur)
    )
    print("EVAL-RESULT:", "agree" if res.wasSuccessful() else "differ")
