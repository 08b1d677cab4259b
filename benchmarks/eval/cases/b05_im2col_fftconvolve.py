# eval-label: buggy
# eval-expect: CNV101@21|28|31
# eval-why: the im2col matrix product computes a cross-correlation but is validated against fftconvolve, a true convolution of the same kernel.
# eval-fix: w.reshape(-1)).reshape => w[::-1, ::-1].reshape(-1)).reshape
import numpy as np
from scipy.signal import fftconvolve


def im2col(x, kh, kw):
    H, W = x.shape
    cols = []
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            cols.append(x[i : i + kh, j : j + kw].reshape(-1))
    return np.array(cols)


def fast_conv(x, w):
    kh, kw = w.shape
    out_h, out_w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    return np.dot(im2col(x, kh, kw), w.reshape(-1)).reshape(out_h, out_w)


def check_fast_conv():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((20, 17)).astype(np.float64)
    w = rng.standard_normal((5, 4))
    slow = fftconvolve(x, w, mode="valid")
    fast = fast_conv(x, w)
    print("max abs diff", np.max(np.abs(slow - fast)))
    return np.allclose(slow, fast)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if check_fast_conv() else "differ")
