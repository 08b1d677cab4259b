# eval-label: buggy
# eval-expect: CNV206@22
# eval-why: the forward is a window correlation, whose input gradient is convolve2d(g, k, 'full'); rotating k before convolve2d flips it twice and gives the correlation instead
# eval-fix: np.rot90(s.k, 2) => s.k
import numpy as np
from scipy.signal import convolve2d


class C:
    def __init__(s, k):
        s.k = k

    def f(s, x):
        s.x = x
        m, n = s.k.shape
        return np.array([[np.sum(x[i:i + m, j:j + n] * s.k)
                          for j in range(x.shape[1] - n + 1)]
                         for i in range(x.shape[0] - m + 1)])

    def grad_input(s, g):
        # full convolution with the kernel rotated by 180 degrees
        return convolve2d(g, np.rot90(s.k, 2), "full")


r = np.random.RandomState(3)
k = r.randn(3, 4)
x = r.randn(8, 9)
g = r.randn(6, 6)
c = C(k)
a = c.grad_input(g)

# dot-product test: <f(x), g> == <x, grad_input(g)> for a linear f
lhs = np.sum(c.f(x) * g)
rhs = np.sum(x * a)
print("EVAL-RESULT:", "agree" if abs(lhs - rhs) < 1e-9 * max(1.0, abs(lhs)) else "differ")
