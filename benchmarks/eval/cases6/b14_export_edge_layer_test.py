# eval-label: buggy
# eval-expect: CNV205@32|33
# eval-why: PyTorch's conv2d is a cross-correlation, but the export test compares it with signal.convolve2d of the same, unflipped weight
# eval-fix: signal.convolve2d(image, weight, mode="valid") => signal.correlate2d(image, weight, mode="valid")
"""tests/test_export.py -- the exported edge layer must match the scipy reference."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import signal

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # CPU-only CI without torch: numpy does what conv2d does
    torch = F = None


def run_layer(image, weight):
    """What the deployed model computes for one channel (PyTorch's conv2d, no padding)."""
    if torch is not None:
        x = torch.from_numpy(image)[None, None]
        w = torch.from_numpy(weight)[None, None]
        return F.conv2d(x, w).numpy()[0, 0]
    windows = sliding_window_view(image, weight.shape)
    return np.einsum("ijkl,kl->ij", windows, weight)


def test_layer_matches_scipy():
    rng = np.random.default_rng(5)
    image = rng.normal(size=(16, 16))
    weight = rng.normal(size=(3, 3))
    expected = signal.convolve2d(image, weight, mode="valid")
    return np.allclose(run_layer(image, weight), expected)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if test_layer_matches_scipy() else "differ")
