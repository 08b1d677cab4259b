# eval-label: clean
# eval-why: PyTorch's conv2d (a cross-correlation) is compared with correlate2d, the same operation
"""Parity test between the PyTorch detector head and the numpy reference."""

import numpy as np
from scipy.signal import correlate2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = F = None


def head_response(feat, w):
    if torch is not None:
        out = F.conv2d(torch.from_numpy(feat)[None, None], torch.from_numpy(w)[None, None], padding=1)
        return out.numpy()[0, 0]
    padded = np.pad(feat, 1)
    kh, kw = w.shape
    return np.array(
        [[np.sum(padded[r : r + kh, c : c + kw] * w) for c in range(feat.shape[1])] for r in range(feat.shape[0])]
    )


if __name__ == "__main__":
    rng = np.random.default_rng(10)
    feat = rng.normal(size=(12, 10))
    w = rng.normal(size=(3, 3))
    ref = correlate2d(feat, w, mode="same")
    print("EVAL-RESULT:", "agree" if np.allclose(head_response(feat, w), ref) else "differ")
