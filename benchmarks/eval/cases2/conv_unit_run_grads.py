# eval-label: buggy
# eval-expect: CNV201@15,CNV206@19|22
# eval-why: the layer's run() convolves (convolve2d) while its gradient methods are the cross-correlation gradients (dx = convolve2d(g, k, full), dk = correlate2d(x, g, valid))
# eval-fix: self.out = convolve2d(x, self.k, "valid") => self.out = correlate2d(x, self.k, "valid")
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvUnit:
    def __init__(self, k):
        self.k = k

    def run(self, x):
        self.x = x
        self.out = convolve2d(x, self.k, "valid")
        return self.out

    def grad_input(self, g):
        return convolve2d(g, self.k, "full")

    def grad_kernel(self, g):
        return correlate2d(self.x, g, "valid")


rng = np.random.default_rng(4)
x, k = rng.standard_normal((7, 7)), rng.standard_normal((3, 3))
unit = ConvUnit(k)
r = rng.standard_normal((5, 5))            # loss = sum(out * r)
unit.run(x)
gx, gk = unit.grad_input(r), unit.grad_kernel(r)
eps, num_gk = 1e-6, np.zeros_like(k)
for idx in np.ndindex(k.shape):
    kp, km = k.copy(), k.copy()
    kp[idx] += eps
    km[idx] -= eps
    num_gk[idx] = (np.sum(ConvUnit(kp).run(x) * r) - np.sum(ConvUnit(km).run(x) * r)) / (2 * eps)
num_gx = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    xp, xm = x.copy(), x.copy()
    xp[idx] += eps
    xm[idx] -= eps
    num_gx[idx] = (np.sum(unit.run(xp) * r) - np.sum(unit.run(xm) * r)) / (2 * eps)
ok = np.allclose(gk, num_gk, atol=1e-5) and np.allclose(gx, num_gx, atol=1e-5)
print("EVAL-RESULT:", "agree" if ok else "differ")
