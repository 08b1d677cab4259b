# eval-label: clean
# eval-why: Richardson-Lucy back-projects with the mirrored PSF through convolve2d, the adjoint of the forward convolution (dot test)
import numpy as np
from scipy.signal import convolve2d


def rl_deconvolve(observed, psf, n_iter=20):
    psf_mirror = psf[::-1, ::-1]
    estimate = np.full_like(observed, observed.mean())
    for _ in range(n_iter):
        blurred = convolve2d(estimate, psf, "same")
        ratio = observed / np.maximum(blurred, 1e-12)
        estimate *= convolve2d(ratio, psf_mirror, "same")
    return estimate


psf = np.array([[0.0, 0.1, 0.0], [0.1, 0.4, 0.3], [0.0, 0.1, 0.0]])
rng = np.random.default_rng(9)
truth = rng.uniform(0.5, 2.0, (24, 24))
obs = convolve2d(truth, psf, "same")
est = rl_deconvolve(obs, psf)

u = rng.normal(size=truth.shape)
v = rng.normal(size=truth.shape)
dot_fwd = np.sum(convolve2d(u, psf, "same") * v)
dot_adj = np.sum(u * convolve2d(v, psf[::-1, ::-1], "same"))
residual_drop = np.abs(convolve2d(est, psf, "same") - obs).mean() < np.abs(truth.mean() - obs).mean()
print("EVAL-RESULT:", "agree" if np.isclose(dot_fwd, dot_adj) and residual_drop else "differ")
