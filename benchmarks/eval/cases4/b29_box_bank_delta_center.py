# eval-label: buggy
# eval-expect: CNV402@20|30
# eval-why: the 'centred' delta is placed at (kh // 2, kw // 2); for even sizes convolve2d('same') anchors (kh - 1) // 2, so the identity test fails by a one-pixel shift
# eval-fix: d[kh // 2, kw // 2] = 1.0 => d[(kh - 1) // 2, (kw - 1) // 2] = 1.0
"""Checks for the box-filter bank (run as a script)."""
import numpy as np
from scipy.signal import convolve2d


class FilterBank:
    def __init__(self, sizes=(3, 4, 5)):
        self.kernels = {s: np.ones((s, s)) / s**2 for s in sizes}

    def apply(self, img, size):
        return convolve2d(img, self.kernels[size], mode="same")

    @staticmethod
    def centred_delta(kh, kw):
        d = np.zeros((kh, kw))
        d[kh // 2, kw // 2] = 1.0
        return d


def test_delta_is_identity():
    rng = np.random.default_rng(0)
    img = rng.random((10, 10))
    failures = []
    for kh, kw in [(3, 3), (4, 4), (2, 6)]:
        d = FilterBank.centred_delta(kh, kw)
        out = convolve2d(img, d, mode="same")
        if not np.allclose(out, img):
            failures.append((kh, kw))
    return failures


bad = test_delta_is_identity()
print("failing sizes:", bad)
print("EVAL-RESULT:", "agree" if not bad else "differ")
