# eval-label: clean
# eval-why: Richardson-Lucy blurs with the PSF and applies the mirrored PSF in the correction step (the adjoint); a dot test confirms the pair is adjoint
import numpy as np
from scipy.signal import convolve


def richardson_lucy(observed, psf, n_iter=10):
    psf_mirror = np.flip(psf)
    estimate = np.full(observed.shape, 0.5)
    for _ in range(n_iter):
        blurred = convolve(estimate, psf, mode="same")
        ratio = observed / (blurred + 1e-12)
        estimate = estimate * convolve(ratio, psf_mirror, mode="same")
    return estimate


psf = np.array([[0.0, 0.1, 0.05], [0.1, 0.4, 0.2], [0.0, 0.05, 0.1]])
rng = np.random.default_rng(37)
u, v = rng.random((15, 15)), rng.random((15, 15))
lhs = np.vdot(convolve(u, psf, mode="same"), v)
rhs = np.vdot(u, convolve(v, np.flip(psf), mode="same"))
restored = richardson_lucy(convolve(u, psf, mode="same"), psf)
ok = np.isclose(lhs, rhs) and np.all(np.isfinite(restored))
print("EVAL-RESULT:", "agree" if ok else "differ")
