# eval-label: buggy
# eval-expect: CNV206@36
# eval-why: each channel's forward is correlate2d, whose kernel gradient is correlate2d(x, dy, 'valid'); convolve2d(x, dy) is the other convention and gives a rotated, shifted gradient
# eval-fix: dw[:, :, c] = convolve2d(x_c, g_c, "valid") => dw[:, :, c] = correlate2d(x_c, g_c, "valid")
"""Depthwise convolution for channel-last (H, W, C) feature maps, as in the TFLite export."""
import logging

import numpy as np
from scipy.signal import convolve2d, correlate2d

log = logging.getLogger("dwconv")


class DepthwiseConvHWC:
    """One (kh, kw) filter per channel; weights stored (kh, kw, C)."""

    def __init__(self, kh, kw, channels, rng=None):
        rng = rng or np.random.default_rng()
        self.w = rng.standard_normal((kh, kw, channels)) / np.sqrt(kh * kw)
        self.b = np.zeros(channels)
        self._x = None

    def forward(self, x):
        self._x = x
        maps = [correlate2d(x[:, :, c], self.w[:, :, c], "valid") + self.b[c]
                for c in range(x.shape[2])]
        return np.stack(maps, axis=-1)

    def backward(self, grad):
        x = self._x
        dx = np.zeros_like(x)
        dw = np.zeros_like(self.w)
        channels = zip(np.moveaxis(x, -1, 0), np.moveaxis(grad, -1, 0))
        for c, (x_c, g_c) in enumerate(channels):
            dx[:, :, c] = convolve2d(g_c, self.w[:, :, c], "full")
            dw[:, :, c] = convolve2d(x_c, g_c, "valid")
        db = grad.sum(axis=(0, 1))
        log.debug("grad norms dx=%.3g dw=%.3g", np.linalg.norm(dx), np.linalg.norm(dw))
        return dx, dw, db


def finite_diff_w(layer, x, grad, eps=1e-6):
    num = np.zeros_like(layer.w)
    for idx in np.ndindex(layer.w.shape):
        old = layer.w[idx]
        layer.w[idx] = old + eps
        up = (layer.forward(x) * grad).sum()
        layer.w[idx] = old - eps
        down = (layer.forward(x) * grad).sum()
        layer.w[idx] = old
        num[idx] = (up - down) / (2 * eps)
    return num


if __name__ == "__main__":
    rng = np.random.default_rng(6)
    layer = DepthwiseConvHWC(3, 2, 4, rng)
    x = rng.standard_normal((9, 8, 4))
    grad = rng.standard_normal(layer.forward(x).shape)
    _, dw, _ = layer.backward(grad)
    num = finite_diff_w(layer, x, grad)
    print("EVAL-RESULT:", "agree" if np.allclose(dw, num, atol=1e-6) else "differ")
