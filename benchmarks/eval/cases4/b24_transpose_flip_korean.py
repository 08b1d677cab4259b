# eval-label: buggy
# eval-expect: CNV302@21|22,CNV206@22
# eval-why: the backward pass uses np.transpose(self.w) as the 180-degree kernel flip; a transpose mirrors about the diagonal, so the input gradient is wrong
# eval-fix: np.transpose(self.w) => self.w[::-1, ::-1]
"""Hapseongop (convolution) layer for the study group, numpy only."""
import numpy as np
from scipy.signal import correlate2d


class HapseongopCheung:
    def __init__(self, gajungchi):
        self.w = np.array(gajungchi, dtype=float)
        self.ibryeok = None

    def sunjeonpa(self, ibryeok):
        self.ibryeok = ibryeok
        return correlate2d(ibryeok, self.w, "valid")

    def yeokjeonpa(self, gibulgi):
        # input gradient: full correlation with the kernel flipped (rotated 180 degrees)
        w_flip = np.transpose(self.w)
        d_ibryeok = correlate2d(gibulgi, w_flip, "full")
        d_w = correlate2d(self.ibryeok, gibulgi, "valid")
        return d_ibryeok, d_w


rng = np.random.default_rng(23)
cheung = HapseongopCheung(rng.standard_normal((3, 3)))
x = rng.standard_normal((6, 7))
g = rng.standard_normal((4, 5))
cheung.sunjeonpa(x)
dx, _ = cheung.yeokjeonpa(g)
fd = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = 1e-6
    fd[idx] = np.sum((cheung.sunjeonpa(x + e) - cheung.sunjeonpa(x - e)) * g) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, fd, atol=1e-6) else "differ")
