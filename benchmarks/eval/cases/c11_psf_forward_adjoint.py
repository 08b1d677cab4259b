# eval-label: clean
# eval-why: the PSF forward model is a convolution (fftconvolve) and its adjoint a correlation with the same odd PSF; the dot test holds.
import numpy as np
from scipy import signal


class Blur:
    """y = psf (*) x, with (*) the 2-D convolution; adjoint x = psf (star) y (correlation)."""

    def __init__(self, psf):
        self.psf = psf / psf.sum()

    def forward(self, x):
        return signal.fftconvolve(x, self.psf, mode="same")

    def adjoint(self, y):
        return signal.correlate(y, self.psf, mode="same")


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    psf = rng.random((5, 5))
    op = Blur(psf)
    x, y = rng.random((16, 16)), rng.random((16, 16))
    ok = np.isclose(np.vdot(op.forward(x), y), np.vdot(x, op.adjoint(y)))
    impulse = np.zeros((9, 9))
    impulse[4, 4] = 1.0
    ok = ok and np.allclose(op.forward(impulse)[2:7, 2:7], op.psf)
    print("EVAL-RESULT:", "agree" if ok else "differ")
