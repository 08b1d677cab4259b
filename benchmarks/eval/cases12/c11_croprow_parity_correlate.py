# eval-label: clean
# eval-why: the export test compares F.conv2d (a cross-correlation) on an (N, C, H, W) batch with a per-sample, per-channel sum of signal.correlate2d with the same weights, the matching operation
"""Parity test for the crop-row detector's first layer (RGB + NIR tiles)."""
import numpy as np
from scipy import signal

try:
    import torch
    import torch.nn.functional as F

    def framework_conv(x, w, b):
        return F.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b)).numpy()
except ImportError:  # no torch on this runner: the same arithmetic as F.conv2d
    from numpy.lib.stride_tricks import sliding_window_view

    def framework_conv(x, w, b):
        win = sliding_window_view(x, w.shape[-2:], axis=(2, 3))
        return np.einsum("nchwij,ocij->nohw", win, w) + b[None, :, None, None]


def reference_conv(x, w, b):
    out = np.stack([
        np.stack([sum(signal.correlate2d(x[i, k], w[j, k], mode="valid") for k in range(x.shape[1])) + b[j]
                  for j in range(w.shape[0])])
        for i in range(x.shape[0])
    ])
    return out


def test_row_detector_export():
    rng = np.random.default_rng(21)
    batch = rng.random((2, 4, 16, 20))
    weights = rng.standard_normal((3, 4, 3, 5))
    bias = rng.standard_normal(3)
    exported = framework_conv(batch, weights, bias)
    expected = reference_conv(batch, weights, bias)
    return np.allclose(exported, expected, atol=1e-10)


print("EVAL-RESULT:", "agree" if test_row_detector_export() else "differ")
