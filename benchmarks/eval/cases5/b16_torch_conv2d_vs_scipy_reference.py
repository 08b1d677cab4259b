# eval-label: buggy
# eval-expect: CNV205@29
# eval-why: torch's conv2d is a cross-correlation; the scipy reference convolve2d flips the kernel.
# eval-fix: want = convolve2d(img, k, mode="valid") => want = convolve2d(img, k[::-1, ::-1], mode="valid")
"""Unit test for the GPU blur op: compare torch against a scipy reference."""
import numpy as np
from scipy.signal import convolve2d

try:
    import torch
    import torch.nn.functional as F

    def torch_filter(img, k):
        t = torch.from_numpy(img)[None, None]
        w = torch.from_numpy(k)[None, None]
        return F.conv2d(t, w).numpy()[0, 0]
except ImportError:  # CPU-only CI: the same cross-correlation in numpy
    from numpy.lib.stride_tricks import sliding_window_view

    def torch_filter(img, k):
        return np.einsum("ijkl,kl->ij", sliding_window_view(img, k.shape), k)


def test_conv_matches_reference():
    rng = np.random.default_rng(0)
    img = rng.random((16, 16))
    k = rng.random((3, 5))
    got = torch_filter(img, k)
    want = convolve2d(img, k, mode="valid")
    return np.allclose(got, want)


if __name__ == "__main__":
    ok = test_conv_matches_reference()
    print("EVAL-RESULT:", "agree" if ok else "differ")
