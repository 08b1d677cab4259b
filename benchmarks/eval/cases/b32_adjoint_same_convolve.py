# eval-label: buggy
# eval-expect: CNV206@17
# eval-why: the adjoint of x -> convolve2d(x, h, 'same') is correlate2d(., h, 'same'); using convolve2d again breaks the dot test and the deblurring gradient.
# eval-fix: return convolve2d(y, self.h, mode="same") => return convolve2d(y, self.h[::-1, ::-1], mode="same")
import numpy as np
from scipy.signal import convolve2d


class BlurOperator:
    def __init__(self, h):
        self.h = h

    def forward(self, x):
        return convolve2d(x, self.h, mode="same")

    def adjoint(self, y):
        return convolve2d(y, self.h, mode="same")


def deblur(op, y, steps=50, lr=0.5):
    x = np.zeros_like(y)
    for _ in range(steps):
        x -= lr * op.adjoint(op.forward(x) - y)
    return x


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    h = np.array([[0.0, 0.1, 0.0], [0.2, 0.4, 0.0], [0.0, 0.0, 0.3]])
    op = BlurOperator(h)
    x = rng.normal(size=(10, 10))
    y = rng.normal(size=(10, 10))
    lhs = np.vdot(op.forward(x), y)
    rhs = np.vdot(x, op.adjoint(y))
    print("dot test:", lhs, rhs)
    print("EVAL-RESULT:", "agree" if np.isclose(lhs, rhs) else "differ")
