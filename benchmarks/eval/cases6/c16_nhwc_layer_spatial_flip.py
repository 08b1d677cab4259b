# eval-label: clean
# eval-why: with (kh, kw, c_in, c_out) weights the filters are rotated over axes (0, 1), the spatial ones, and the input gradient passes a finite-difference check
"""Channel-last conv layer (NHWC) with TensorFlow-layout weights."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


class ConvNHWC:
    def __init__(self, w):
        self.w = np.asarray(w, dtype=float)
        self.x = None

    def forward(self, x):
        self.x = x
        kh, kw = self.w.shape[:2]
        win = sliding_window_view(x, (kh, kw), axis=(1, 2))
        return np.einsum("nhwcij,ijco->nhwo", win, self.w)

    def backward(self, dy):
        kh, kw = self.w.shape[:2]
        pad = ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0))
        win = sliding_window_view(np.pad(dy, pad), (kh, kw), axis=(1, 2))
        w_rot = np.flip(self.w, axis=(0, 1))  # rotate the spatial taps by 180 degrees
        dx = np.einsum("nhwoij,ijco->nhwc", win, w_rot)
        xw = sliding_window_view(self.x, dy.shape[1:3], axis=(1, 2))
        self.dw = np.einsum("nijchw,nhwo->ijco", xw, dy)
        return dx

    def apply_gradients(self, lr=1e-2):
        self.w -= lr * self.dw
        return self


def numerical(fun, arr, eps=1e-6):
    out = np.zeros_like(arr)
    for idx in np.ndindex(arr.shape):
        keep = arr[idx]
        arr[idx] = keep + eps
        up = fun()
        arr[idx] = keep - eps
        down = fun()
        arr[idx] = keep
        out[idx] = (up - down) / (2 * eps)
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(16)
    layer = ConvNHWC(rng.normal(size=(3, 2, 2, 3)))
    x = rng.normal(size=(2, 6, 5, 2))
    dy = rng.normal(size=(2, 4, 4, 3))
    layer.forward(x)
    dx = layer.backward(dy)

    def objective():
        return float(np.sum(dy * layer.forward(x)))

    ok = np.allclose(dx, numerical(objective, x), atol=1e-5)
    ok = ok and np.allclose(layer.dw, numerical(objective, layer.w), atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
