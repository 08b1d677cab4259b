# eval-label: buggy
# eval-expect: CNV301@18
# eval-why: the weights are laid out (F, C, kh, kw) but np.flip is applied on axes (1, 2), i.e. channels and rows, instead of the spatial axes (2, 3).
# eval-fix: np.flip(w, axis=(1, 2)) => np.flip(w, axis=(2, 3))
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_forward(x, w):
    # x: (C, H, W), w: (F, C, kh, kw) -> (F, H-kh+1, W-kw+1)
    win = sliding_window_view(x, w.shape[2:], axis=(1, 2))
    return np.einsum("chwmn,fcmn->fhw", win, w)


def conv_backward_input(dout, w):
    kh, kw = w.shape[2:]
    padded = np.pad(dout, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
    w_flip = np.flip(w, axis=(1, 2))
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
