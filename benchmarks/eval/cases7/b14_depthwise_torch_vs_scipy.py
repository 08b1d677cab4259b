# eval-label: buggy
# eval-expect: CNV205@48|49
# eval-why: a depthwise (groups=C) framework conv2d cross-correlates each channel, but the test's reference is scipy's convolve2d per channel, which rotates the asymmetric kernels
# eval-fix: convolve2d(x[c], w[c, 0], "valid") => correlate2d(x[c], w[c, 0], "valid")
"""Export test: depthwise separable block of the keyword-spotting front end."""
import unittest

import numpy as np
from scipy.signal import convolve2d, correlate2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # CPU-only CI without torch: same arithmetic in numpy
    torch = None


def depthwise(x, w):
    """x: (C, H, W), w: (C, 1, kh, kw); groups=C, stride 1, no padding."""
    C = x.shape[0]
    if torch is not None:
        y = F.conv2d(torch.from_numpy(x)[None], torch.from_numpy(w), groups=C)
        return y[0].numpy()
    kh, kw = w.shape[2:]
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    return np.einsum("chwij,cij->chw", win, w[:, 0])


def pointwise(x, w):
    """1x1 convolution mixing channels: w is (C_out, C_in)."""
    return np.einsum("oc,chw->ohw", w, x)


def separable_block(x, w_dw, w_pw):
    return pointwise(depthwise(x, w_dw), w_pw)


class DepthwiseExportTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(21)
        self.x = rng.standard_normal((3, 10, 9))
        self.w = rng.standard_normal((3, 1, 3, 2))

    def test_matches_scipy(self):
        x, w = self.x, self.w
        C = x.shape[0]
        out = depthwise(x, w)
        ref = np.stack([convolve2d(x[c], w[c, 0], "valid") for c in range(C)])
        np.testing.assert_allclose(out, ref, atol=1e-10)

    def test_pointwise_is_matmul(self):
        w_pw = np.arange(6.0).reshape(2, 3)
        y = pointwise(self.x, w_pw)
        self.assertTrue(np.allclose(y[:, 0, 0], w_pw @ self.x[:, 0, 0]))

    def test_shape(self):
        self.assertEqual(depthwise(self.x, self.w).shape, (3, 8, 8))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=0).result
    ok = result.wasSuccessful()
    print("EVAL-RESULT:", "agree" if ok else "differ")
