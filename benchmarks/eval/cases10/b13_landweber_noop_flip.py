# eval-label: buggy
# eval-expect: CNV301@16|30,CNV206@30
# eval-why: the adjoint of "convolve with the PSF" convolves with the PSF rotated 180 degrees, but the helper flips axis 0 twice, a no-op, so the Landweber gradient uses the unrotated coma PSF and fails the dot test.
# eval-fix: return np.flip(np.flip(a, 0), 0) => return np.flip(np.flip(a, 0), 1)
"""Landweber deconvolution for the spectrograph slit-viewer (odd PSF, zero boundary).

Forward model:  y = psf * x   ('same', zero fill)
Gradient of 0.5 * ||psf * x - y||^2:   A^T (A x - y),   A^T r = rot180(psf) * r
"""
import numpy as np
from scipy.signal import convolve2d


def rot180(a):
    """Rotate a 2-D kernel by 180 degrees."""
    return np.flip(np.flip(a, 0), 0)


class Landweber:
    def __init__(self, psf, step=1.0, positivity=True):
        self.psf = np.asarray(psf, dtype=float)
        self.step = step
        self.positivity = positivity
        self.history = []

    def forward(self, x):
        return convolve2d(x, self.psf, mode="same", boundary="fill")

    def adjoint(self, r):
        return convolve2d(r, rot180(self.psf), mode="same", boundary="fill")

    def gradient(self, x, y):
        resid = self.forward(x) - y
        self.history.append(0.5 * float(np.sum(resid ** 2)))
        return self.adjoint(resid)

    def run(self, y, n_iter=20):
        x = y.copy()
        for _ in range(n_iter):
            x = x - self.step * self.gradient(x, y)
            if self.positivity:
                np.maximum(x, 0.0, out=x)
            if len(self.history) > 2 and self.history[-2] - self.history[-1] < 1e-12:
                break  # discrepancy no longer improves
        return x


yy, xx = np.mgrid[-3:4, -3:4]
psf = np.exp(-(xx ** 2 + yy ** 2) / 3.0) * (1.0 + 0.8 * np.tanh(xx + 0.5 * yy))
psf /= psf.sum()

solver = Landweber(psf, step=0.9)
rng = np.random.default_rng(2)
truth = np.zeros((32, 32))
truth[10, 12], truth[20, 18] = 1.0, 0.6
restored = solver.run(solver.forward(truth) + 0.001 * rng.normal(size=truth.shape))
print("residual", solver.history[0], "->", solver.history[-1])

a, b = rng.normal(size=(32, 32)), rng.normal(size=(32, 32))
lhs, rhs = np.vdot(solver.forward(a), b), np.vdot(a, solver.adjoint(b))
print("EVAL-RESULT:", "agree" if np.isclose(lhs, rhs, rtol=1e-10) else "differ")
