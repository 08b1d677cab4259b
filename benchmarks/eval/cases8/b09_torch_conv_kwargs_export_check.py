# eval-label: buggy
# eval-expect: CNV205@30|39
# eval-why: the exported layer runs torch's conv2d (a cross-correlation) through a **kwargs wrapper and is checked against scipy's convolve2d of the same, unflipped weights
# eval-fix: signal.convolve2d(x, w, mode="valid") => signal.convolve2d(x, w[::-1, ::-1], mode="valid")
"""Check that the exported depth-1 stem matches a scipy reference before shipping."""
import numpy as np
from scipy import signal

try:
    import torch
    import torch.nn.functional as F

    def run_stem(x, w, **conv_kwargs):
        xt = torch.from_numpy(x)[None, None]
        wt = torch.from_numpy(w)[None, None]
        return F.conv2d(xt, wt, **conv_kwargs)[0, 0].numpy()
except ImportError:  # numpy stand-in: what F.conv2d computes (no kernel flip)
    from numpy.lib.stride_tricks import sliding_window_view

    def run_stem(x, w, **conv_kwargs):
        s = conv_kwargs.get("stride", 1)
        win = sliding_window_view(x, w.shape)[::s, ::s]
        return np.einsum("abij,ij->ab", win, w)


STEM_CONFIG = {"stride": 1, "padding": 0, "dilation": 1}


def reference(x, w):
    return signal.convolve2d(x, w, mode="valid")


def check_export(weights, n_trials=3, seed=0):
    rng = np.random.default_rng(seed)
    worst = 0.0
    for _ in range(n_trials):
        x = rng.normal(size=(16, 16))
        got = run_stem(x, weights, **STEM_CONFIG)
        worst = max(worst, float(np.abs(got - reference(x, weights)).max()))
    return worst


w = np.arange(9, dtype=np.float64).reshape(3, 3) / 9.0 - 0.3
err = check_export(w)
print("worst error:", err)
print("EVAL-RESULT:", "agree" if err < 1e-9 else "differ")
