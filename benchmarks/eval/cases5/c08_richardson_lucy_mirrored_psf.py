# eval-label: clean
# eval-why: Richardson-Lucy's correction step correlates with the PSF by convolving with the mirrored PSF; the dot test shows the pair is adjoint.
import numpy as np
from scipy.signal import fftconvolve


def richardson_lucy(observed, psf, n_iter=20, eps=1e-12):
    """Richardson-Lucy deconvolution of an image blurred by psf (convolution)."""
    psf_mirror = psf[::-1, ::-1]
    est = np.full(observed.shape, observed.mean())
    for _ in range(n_iter):
        blurred = fftconvolve(est, psf, mode="same")
        ratio = observed / (blurred + eps)
        est = est * fftconvolve(ratio, psf_mirror, mode="same")
    return est


rng = np.random.default_rng(0)
psf = np.array([[0.0, 0.2, 0.0], [0.0, 0.5, 0.2], [0.0, 0.0, 0.1]])
# dot test of the pair used inside the loop: A = conv(., psf), A^T = conv(., mirror)
x = rng.random((16, 16))
y = rng.random((16, 16))
lhs = np.vdot(fftconvolve(x, psf, mode="full"), np.pad(y, 1))
rhs = np.vdot(x, fftconvolve(np.pad(y, 1), psf[::-1, ::-1], mode="valid"))
scene = np.zeros((24, 24)); scene[8, 8] = scene[15, 12] = 1.0
obs = fftconvolve(scene, psf, mode="same") + 1e-3
est = richardson_lucy(obs, psf)
print("EVAL-RESULT:", "agree" if np.isclose(lhs, rhs) and est.argmax() in (8 * 24 + 8, 15 * 24 + 12) else "differ")
