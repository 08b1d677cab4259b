# eval-label: buggy
# eval-expect: CNV302@40|44
# eval-why: the backward pass wants each filter rotated by 180 degrees but transpose(0, 1, 3, 2) swaps the spatial axes of the stack instead
# eval-fix: self.params.weight.transpose(0, 1, 3, 2) => self.params.weight[:, :, ::-1, ::-1]
"""Conv2D layer ported from a Keras model to plain numpy for the edge device.

Weights are stored as (out, in, kh, kw); the forward pass cross-correlates
like Keras/TensorFlow:  y[o, i, j] = sum_{c,m,n} x[c, i+m, j+n] W[o, c, m, n].
"""
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import correlate2d


class LayerParams(NamedTuple):
    weight: np.ndarray
    bias: np.ndarray


class Conv2DPort:
    def __init__(self, params: LayerParams):
        self.params = params
        self.saved_input = None

    @classmethod
    def from_keras(cls, kernel_hwio: np.ndarray, bias: np.ndarray) -> "Conv2DPort":
        return cls(LayerParams(np.ascontiguousarray(kernel_hwio.transpose(3, 2, 0, 1)), bias))

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.saved_input = x
        kh, kw = self.params.weight.shape[2:]
        win = sliding_window_view(x, (kh, kw), axis=(1, 2))   # (C, H', W', kh, kw)
        y = np.einsum("chwmn,ocmn->ohw", win, self.params.weight)
        return y + self.params.bias[:, None, None]

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """Gradient w.r.t. the input: full correlation with the rotated filters."""
        rotated = self.params.weight.transpose(0, 1, 3, 2)  # flip spatial dims
        dx = np.zeros_like(self.saved_input)
        for o in range(dy.shape[0]):
            for c in range(dx.shape[0]):
                dx[c] += correlate2d(dy[o], rotated[o, c], mode="full")
        return dx


def finite_difference(layer: Conv2DPort, x: np.ndarray, dy: np.ndarray, eps=1e-6) -> np.ndarray:
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        keep = x[idx]
        x[idx] = keep + eps
        up = float((layer.forward(x) * dy).sum())
        x[idx] = keep - eps
        down = float((layer.forward(x) * dy).sum())
        x[idx] = keep
        g[idx] = (up - down) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(41)
    keras_kernel = rng.normal(size=(3, 3, 2, 4))   # (kh, kw, in, out)
    layer = Conv2DPort.from_keras(keras_kernel, np.zeros(4))
    x = rng.normal(size=(2, 6, 7))
    dy = rng.normal(size=(4, 4, 5))
    layer.forward(x)
    dx = layer.backward(dy)
    dx_num = finite_difference(layer, x, dy)
    print("max |dx - numeric| =", np.abs(dx - dx_num).max())
    print("EVAL-RESULT:", "agree" if np.allclose(dx, dx_num, atol=1e-5) else "differ")
