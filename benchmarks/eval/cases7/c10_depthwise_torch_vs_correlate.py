# eval-label: clean
# eval-why: the depthwise framework conv2d is a per-channel cross-correlation and the test's reference is correlate2d per channel, the same operation
"""Export test: depthwise block of the keyword-spotting front end."""
import unittest

import numpy as np
from scipy.signal import correlate2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def depthwise(x, w):
    """x: (C, H, W), w: (C, 1, kh, kw); groups=C."""
    C = x.shape[0]
    if torch is not None:
        return F.conv2d(torch.from_numpy(x)[None], torch.from_numpy(w), groups=C)[0].numpy()
    kh, kw = w.shape[2:]
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    return np.einsum("chwij,cij->chw", win, w[:, 0])


class DepthwiseExportTest(unittest.TestCase):
    def test_matches_scipy(self):
        rng = np.random.default_rng(21)
        x = rng.standard_normal((3, 10, 9))
        w = rng.standard_normal((3, 1, 3, 2))
        ref = np.stack([correlate2d(xc, wc[0], "valid") for xc, wc in zip(x, w)])
        np.testing.assert_allclose(depthwise(x, w), ref, atol=1e-10)


if __name__ == "__main__":
    ok = unittest.main(exit=False, verbosity=0).result.wasSuccessful()
    print("EVAL-RESULT:", "agree" if ok else "differ")
