# eval-label: buggy
# eval-expect: CNV303@29|37
# eval-why: the adjoint of convolution with the PSF is convolution with the PSF rotated by 180 degrees; np.rot90(psf) is a single quarter turn, so the dot test fails
# eval-fix: self.psf_adj = np.rot90(self.psf) => self.psf_adj = np.rot90(self.psf, 2)
"""Landweber iteration for deblurring spectrograph slit images.

    x_{k+1} = x_k + tau * A^T (y - A x_k),   A x = psf (*) x  ('same', zero fill)
"""
import numpy as np
from scipy.signal import convolve2d


def slit_psf():
    """Measured 5x5 PSF of the slit camera (asymmetric: scattered light to the right)."""
    psf = np.array([[0, 1, 2, 1, 0],
                    [1, 4, 8, 5, 2],
                    [2, 8, 16, 11, 6],
                    [1, 4, 8, 6, 3],
                    [0, 1, 2, 2, 1]], dtype=float)
    return psf / psf.sum()


class Landweber:
    """Plain Landweber with a fixed step and optional positivity."""

    def __init__(self, psf, tau=1.0, positive=True):
        self.psf = np.asarray(psf, dtype=float)
        # the adjoint uses the flipped PSF
        self.psf_adj = np.rot90(self.psf)
        self.tau = tau
        self.positive = positive

    def forward(self, x):
        return convolve2d(x, self.psf, mode="same")

    def adjoint(self, r):
        return convolve2d(r, self.psf_adj, mode="same")

    def run(self, y, n_iter=25):
        x = np.zeros_like(y)
        for _ in range(n_iter):
            x = x + self.tau * self.adjoint(y - self.forward(x))
            if self.positive:
                np.maximum(x, 0.0, out=x)
        return x


def dot_test(op, shape=(16, 18), seed=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    y = rng.normal(size=shape)
    lhs = np.vdot(op.forward(x), y)
    rhs = np.vdot(x, op.adjoint(y))
    return np.isclose(lhs, rhs, rtol=1e-10)


if __name__ == "__main__":
    op = Landweber(slit_psf())
    print("EVAL-RESULT:", "agree" if dot_test(op) else "differ")
