# eval-label: clean
# eval-why: Richardson-Lucy convolves with the PSF and correlates back with the mirrored PSF; the dot test shows the mirrored step is the adjoint of the forward blur
"""Richardson-Lucy deconvolution for the microscopy stack (no regularisation)."""
import numpy as np
from scipy.signal import fftconvolve


def blur(x, psf):
    return fftconvolve(x, psf, mode="same")


def blur_adjoint(y, psf):
    psf_mirror = psf[::-1, ::-1]
    return fftconvolve(y, psf_mirror, mode="same")


def richardson_lucy(observed, psf, n_iter=20):
    est = np.full_like(observed, observed.mean())
    for _ in range(n_iter):
        ratio = observed / np.maximum(blur(est, psf), 1e-12)
        est = est * blur_adjoint(ratio, psf)
    return est


yy, xx = np.mgrid[-3:4, -3:4]
psf = np.exp(-((xx - 1) ** 2 + yy**2 / 3.0) / 2.0) * (1 + 0.5 * (xx > 0))
psf /= psf.sum()
rng = np.random.default_rng(6)
a, b = rng.random((32, 32)), rng.random((32, 32))
dot_ok = np.isclose(np.vdot(blur(a, psf), b), np.vdot(a, blur_adjoint(b, psf)))
restored = richardson_lucy(blur(a + 0.1, psf), psf)
print("restored range", restored.min().round(3), restored.max().round(3))
print("EVAL-RESULT:", "agree" if dot_ok else "differ")
