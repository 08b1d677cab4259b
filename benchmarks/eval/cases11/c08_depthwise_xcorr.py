# eval-label: clean
# eval-why: the depthwise framework conv (groups=C) is compared with per-channel correlate2d of the same kernels, the operation it computes
"""Parity test: depthwise torch conv against a per-channel scipy reference."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import signal

try:
    import torch
    import torch.nn.functional as F

    def depthwise(x, w, padding=0):
        xt = torch.from_numpy(x)[None]
        wt = torch.from_numpy(w)[:, None]
        return F.conv2d(xt, wt, padding=padding, groups=x.shape[0])[0].numpy()
except ImportError:
    def depthwise(x, w, padding=0):  # what F.conv2d(groups=C) computes
        xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
        win = sliding_window_view(xp, w.shape[1:], axis=(1, 2))
        return np.einsum("chwij,cij->chw", win, w)

rng = np.random.default_rng(11)
x = rng.standard_normal((3, 12, 10))
w = rng.standard_normal((3, 3, 3))

out = depthwise(x, w, padding=1)
expected = np.stack([signal.correlate2d(xc, wc, mode="same") for xc, wc in zip(x, w)])
print("shapes", out.shape, expected.shape, "max diff", np.abs(out - expected).max())
print("EVAL-RESULT:", "agree" if np.allclose(out, expected) else "differ")
