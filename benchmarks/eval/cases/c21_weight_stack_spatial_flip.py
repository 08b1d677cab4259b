# eval-label: clean
# eval-why: the (F, C, kh, kw) weight stack is flipped on its spatial axes (2, 3) for the input gradient, which is correct.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_forward(x, w):
    win = sliding_window_view(x, w.shape[2:], axis=(1, 2))
    return np.einsum("chwmn,fcmn->fhw", win, w)


def conv_backward_input(dout, w):
    kh, kw = w.shape[2:]
    padded = np.pad(dout, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
    w_flip = np.flip(w, axis=(2, 3))
    win = sliding_window_view(padded, (kh, kw), axis=(1, 2))
    return np.einsum("fhwmn,fcmn->chw", win, w_flip)


if __name__ == "__main__":
    rng = np.random.default_rng(31)
    x = rng.normal(size=(2, 5, 6))
    w = rng.normal(size=(4, 2, 3, 2))
    dout = rng.normal(size=conv_forward(x, w).shape)
    dx = conv_backward_input(dout, w)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((conv_forward(a, w) - conv_forward(b, w)) * dout).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-5) else "differ")
