# eval-label: buggy
# eval-expect: CNV201@34,CNV206@42|43
# eval-why: bprop uses the cross-correlation gradients (full convolution for dx, valid correlation for dW), but fprop convolves, so both gradients belong to a different forward pass
# eval-fix: convolve2d(xc, wc, mode="valid") for xc, wc in zip(x, self.W) => correlate2d(xc, wc, mode="valid") for xc, wc in zip(x, self.W)
"""Depthwise convolution for the mobile segmentation head.

Every input channel has its own (kh, kw) filter; W has shape (C, kh, kw).
Only numpy/scipy so the head can be unit-tested without a framework.
"""
from dataclasses import dataclass, field

import numpy as np
from scipy.signal import convolve2d, correlate2d


@dataclass
class DepthwiseConv:
    channels: int = 3
    k: int = 3
    seed: int = 1
    W: np.ndarray = field(init=False)
    grads: dict = field(default_factory=dict)

    def __post_init__(self):
        rng = np.random.default_rng(self.seed)
        self.W = rng.normal(0, 0.5, (self.channels, self.k, self.k))
        self._x = None

    def fprop(self, x):
        """x: (C, H, W) -> (C, H-k+1, W-k+1)."""
        x = np.asarray(x, dtype=float)
        self._x = x
        return np.stack([
            convolve2d(xc, wc, mode="valid") for xc, wc in zip(x, self.W)
        ])

    def bprop(self, dy):
        """Returns dL/dx and stores dL/dW in self.grads."""
        dx = np.empty_like(self._x)
        dW = np.empty_like(self.W)
        for c in range(self.channels):
            dx[c] = convolve2d(dy[c], self.W[c], mode="full")
            dW[c] = correlate2d(self._x[c], dy[c], mode="valid")
        self.grads["W"] = dW
        return dx


def fd_check(layer, x, dy, eps=1e-6):
    layer.fprop(x)
    dx = layer.bprop(dy)
    ok = True
    for idx in [(0, 0, 0), (1, 3, 4), (2, 6, 1)]:
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        num = (np.sum(layer.fprop(xp) * dy) - np.sum(layer.fprop(xm) * dy)) / (2 * eps)
        ok &= bool(np.isclose(num, dx[idx], atol=1e-6))
    return ok


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    layer = DepthwiseConv()
    x = rng.normal(size=(3, 8, 8))
    dy = rng.normal(size=(3, 6, 6))
    print("EVAL-RESULT:", "agree" if fd_check(layer, x, dy) else "differ")
