# eval-label: buggy
# eval-expect: CNV205@30|40|14
# eval-why: the export test checks F.conv2d (a cross-correlation) on an (N, C, H, W) batch against a per-sample, per-channel sum of signal.convolve2d with the same unflipped weights
# eval-fix: signal.convolve2d(x[i, k], w[j, k], mode="valid") => signal.correlate2d(x[i, k], w[j, k], mode="valid")
"""Parity test for the crop-row detector's first layer (RGB + NIR tiles)."""
import numpy as np
from scipy import signal

try:
    import torch
    import torch.nn.functional as F

    def framework_conv(x, w):
        return F.conv2d(torch.from_numpy(x), torch.from_numpy(w)).numpy()
except ImportError:  # no torch on this runner: the same arithmetic as F.conv2d
    from numpy.lib.stride_tricks import sliding_window_view

    def framework_conv(x, w):
        win = sliding_window_view(x, w.shape[-2:], axis=(2, 3))
        return np.einsum("nchwij,ocij->nohw", win, w)


def reference_conv(x, w):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    out = np.zeros((n, o, h - kh + 1, wd - kw + 1))
    for i in range(n):
        for j in range(o):
            for k in range(c):
                out[i, j] += signal.convolve2d(x[i, k], w[j, k], mode="valid")
    return out


def test_row_detector_export():
    rng = np.random.default_rng(21)
    batch = rng.random((2, 4, 16, 20))            # N, C (R, G, B, NIR), H, W
    weights = rng.standard_normal((3, 4, 3, 5))   # row-direction filters
    exported = framework_conv(batch, weights)
    expected = reference_conv(batch, weights)
    return np.allclose(exported, expected, atol=1e-10)


print("EVAL-RESULT:", "agree" if test_row_detector_export() else "differ")
