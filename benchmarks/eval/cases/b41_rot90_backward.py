# eval-label: buggy
# eval-expect: CNV303@17
# eval-why: the backward needs W rotated by 180 degrees; np.rot90(W) is a quarter turn.
# eval-fix: np.rot90(self.W) => np.rot90(self.W, 2)
import numpy as np
from scipy.signal import correlate2d


class ConvUnit:
    def __init__(self, W):
        self.W = W

    def fwd(self, x):
        return correlate2d(x, self.W, "valid")

    def bwd(self, g):
        return correlate2d(g, np.rot90(self.W), "full")


if __name__ == "__main__":
    rng = np.random.default_rng(50)
    unit = ConvUnit(rng.normal(size=(3, 3)))
    x = rng.normal(size=(6, 6))
    g = rng.normal(size=(4, 4))
    dx = unit.bwd(g)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((unit.fwd(a) - unit.fwd(b)) * g).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-5) else "differ")
