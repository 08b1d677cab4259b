# eval-label: buggy
# eval-expect: CNV402@11|24|25
# eval-why: padding by k // 2 on both sides centres an even kernel at m//2, while correlate2d 'same' centres it at (m-1)//2: the outputs differ by one pixel.
# eval-fix: ((kh // 2, kh // 2), (kw // 2, kw // 2)) => (((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2))
import numpy as np
from scipy.signal import correlate2d


def xcorr_same(img, ker):
    kh, kw = ker.shape
    padded = np.pad(img, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    H, W = img.shape
    out = np.empty((H, W))
    for i in range(H):
        for j in range(W):
            out[i, j] = (padded[i : i + kh, j : j + kw] * ker).sum()
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    img = rng.random((9, 9))
    ker = rng.random((4, 4))
    mine = xcorr_same(img, ker)
    ref = correlate2d(img, ker, "same")
    print("EVAL-RESULT:", "agree" if np.allclose(mine, ref) else "differ")
