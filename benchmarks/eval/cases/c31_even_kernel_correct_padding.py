# eval-label: clean
# eval-why: padding ((kh-1)//2, kh//2) reproduces correlate2d's 'same' anchor for an even kernel, so the comparison holds.
import numpy as np
from scipy.signal import correlate2d


def xcorr_same(img, ker):
    kh, kw = ker.shape
    padded = np.pad(img, (((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2)))
    H, W = img.shape
    out = np.empty((H, W))
    for i in range(H):
        for j in range(W):
            out[i, j] = (padded[i : i + kh, j : j + kw] * ker).sum()
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    img, ker = rng.random((9, 9)), rng.random((4, 4))
    print("EVAL-RESULT:", "agree" if np.allclose(xcorr_same(img, ker), correlate2d(img, ker, "same")) else "differ")
