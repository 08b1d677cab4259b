# eval-label: buggy
# eval-expect: CNV205@42|43
# eval-why: F.conv2d cross-correlates, but the parity test checks it against convolve2d of the same unflipped kernel, which rotates it 180 degrees
# eval-fix: expected = convolve2d(image, kernel, mode="valid") => expected = correlate2d(image, kernel, mode="valid")
"""Parity test: the exported edge head must match the scipy reference."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import convolve2d, correlate2d

try:
    import torch
    import torch.nn.functional as F

    to_tensor = torch.from_numpy
except ImportError:  # CPU-only CI image: numpy implementation of F.conv2d
    to_tensor = np.asarray

    class F:
        @staticmethod
        def conv2d(inp, weight):
            win = sliding_window_view(inp, weight.shape[2:], axis=(2, 3))
            return np.einsum("ncijab,ocab->noij", win, weight)


EDGE_KERNEL = np.array([[1.0, 0.0, -1.0],
                        [2.0, 0.5, -2.0],
                        [0.0, 0.0, -1.5]])


def edge_head(image, kernel=EDGE_KERNEL):
    """What the exported graph computes (N=1, C=1)."""
    x = to_tensor(np.ascontiguousarray(image, dtype=np.float64)[None, None])
    w = to_tensor(np.ascontiguousarray(kernel, dtype=np.float64)[None, None])
    return np.asarray(F.conv2d(x, w))[0, 0]


def test_edge_head_matches_scipy():
    rng = np.random.default_rng(17)
    image = rng.normal(size=(12, 14))
    kernel = EDGE_KERNEL
    got = edge_head(image, kernel)
    expected = convolve2d(image, kernel, mode="valid")
    return np.allclose(got, expected, atol=1e-10)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if test_edge_head_matches_scipy() else "differ")
