# eval-label: clean
# eval-why: the window sums are compared with convolve2d of the kernel rotated by 180 degrees, which is the same cross-correlation
"""test_filters.py: the batched loop filter must match scipy on every image."""

import numpy as np
from scipy.signal import convolve2d


def loop_filter(batch, k):
    n, h, w = batch.shape
    kh, kw = k.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1))
    for b in range(n):
        for r in range(out.shape[1]):
            for c in range(out.shape[2]):
                out[b, r, c] = (batch[b, r : r + kh, c : c + kw] * k).sum()
    return out


def test_loop_filter_matches_scipy():
    rng = np.random.default_rng(2)
    batch = rng.normal(size=(3, 9, 11))
    k = rng.normal(size=(3, 2))
    got = loop_filter(batch, k)
    for b in range(3):
        want = convolve2d(batch[b], k[::-1, ::-1], mode="valid")
        if not np.allclose(got[b], want):
            return False
    return True


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if test_loop_filter_matches_scipy() else "differ")
