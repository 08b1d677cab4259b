# eval-label: buggy
# eval-expect: CNV302@17
# eval-why: w.transpose((1, 0, 3, 2)) swaps channels correctly but transposes the spatial axes instead of rotating them by 180 degrees.
# eval-fix: w.transpose((1, 0, 3, 2)) => np.flip(w.transpose((1, 0, 2, 3)), (2, 3))
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def xcorr_multi(x, w):
    # x (C, H, W), w (F, C, k, k)
    win = sliding_window_view(x, w.shape[2:], axis=(1, 2))
    return np.einsum("chwij,fcij->fhw", win, w)


def grad_input(dout, w):
    k = w.shape[-1]
    w_back = w.transpose((1, 0, 3, 2))
    return xcorr_multi(np.pad(dout, ((0, 0), (k - 1, k - 1), (k - 1, k - 1))), w_back)


if __name__ == "__main__":
    rng = np.random.default_rng(41)
    x = rng.normal(size=(3, 6, 6))
    w = rng.normal(size=(2, 3, 3, 3))
    dout = rng.normal(size=xcorr_multi(x, w).shape)
    dx = grad_input(dout, w)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((xcorr_multi(a, w) - xcorr_multi(b, w)) * dout).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-5) else "differ")
