# eval-label: buggy
# eval-expect: CNV205@28|17|29
# eval-why: a depthwise F.conv2d (groups=C) cross-correlates each channel, but the parity test compares it with a per-channel signal.convolve2d of the same, unflipped kernels
# eval-fix: signal.convolve2d(xc, wc, mode="valid") => signal.correlate2d(xc, wc, mode="valid")
"""Parity test: depthwise torch conv against a per-channel scipy reference."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import signal

try:
    import torch
    import torch.nn.functional as F

    def depthwise(x, w):
        xt = torch.from_numpy(x)[None]
        wt = torch.from_numpy(w)[:, None]
        return F.conv2d(xt, wt, groups=x.shape[0])[0].numpy()
except ImportError:
    def depthwise(x, w):  # what F.conv2d(groups=C) computes: a per-channel correlation
        win = sliding_window_view(x, w.shape[1:], axis=(1, 2))
        return np.einsum("chwij,cij->chw", win, w)

rng = np.random.default_rng(11)
x = rng.standard_normal((3, 12, 10))
w = rng.standard_normal((3, 3, 3))

out = depthwise(x, w)
expected = np.stack([signal.convolve2d(xc, wc, mode="valid") for xc, wc in zip(x, w)])
print("shapes", out.shape, expected.shape, "max diff", np.abs(out - expected).max())
print("EVAL-RESULT:", "agree" if np.allclose(out, expected) else "differ")
