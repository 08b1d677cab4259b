# eval-label: clean
# eval-why: gradient-descent deconvolution: the forward model convolves with the PSF and the gradient correlates the residual with the same PSF (the adjoint); checked by finite differences
import numpy as np
from scipy.signal import convolve2d, correlate2d


def blur(x, psf):
    """Forward model: the scene convolved with the (asymmetric) PSF."""
    return convolve2d(x, psf, mode="same")


def data_term_gradient(x, y, psf):
    """Gradient of 0.5 * ||blur(x) - y||^2 with respect to x."""
    residual = blur(x, psf) - y
    return correlate2d(residual, psf, mode="same")


psf = np.array([[0.0, 0.1, 0.3], [0.05, 0.3, 0.1], [0.0, 0.1, 0.05]])
rng = np.random.default_rng(47)
x, y = rng.random((9, 9)), rng.random((9, 9))
g = data_term_gradient(x, y, psf)
eps, num = 1e-6, np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = eps
    fp = 0.5 * np.sum((blur(x + e, psf) - y) ** 2)
    fm = 0.5 * np.sum((blur(x - e, psf) - y) ** 2)
    num[idx] = (fp - fm) / (2 * eps)
print("EVAL-RESULT:", "agree" if np.allclose(g, num, atol=1e-6) else "differ")
