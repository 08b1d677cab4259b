# eval-label: clean
# eval-why: torch padding='same' and correlate2d(..., 'same') both anchor an even kernel at (m-1)//2 (pad (m-1)//2 before, m//2 after), and both are cross-correlations, so the 2x4 parity test is right.
"""Parity test: the exported 2x4 'same' conv of the rain-streak remover vs the scipy path."""
import numpy as np
from scipy.signal import correlate2d

try:
    import torch
    import torch.nn.functional as F

    def net_conv_same(img, w):
        t = torch.from_numpy(img)[None, None]
        return F.conv2d(t, torch.from_numpy(w)[None, None], padding="same")[0, 0].numpy()
except ImportError:
    def net_conv_same(img, w):  # torch: zero pad (k-1)//2 before and k//2 after, then correlate
        kh, kw = w.shape
        p = np.pad(img, (((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2)))
        return correlate2d(p, w, mode="valid")

streak = np.array([[0.1, 0.4, -0.2, 0.0],
                   [0.3, -0.5, 0.6, 0.2]])      # even in both directions

frame = np.random.default_rng(15).random((20, 24))
ours = correlate2d(frame, streak, mode="same")
theirs = net_conv_same(frame, streak)
print("max diff", np.abs(ours - theirs).max())
print("EVAL-RESULT:", "agree" if np.allclose(ours, theirs) else "differ")
