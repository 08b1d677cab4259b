# eval-label: clean
# eval-why: Richardson-Lucy convolves with the PSF and uses the 180-degree mirrored PSF for the correction step; the dot test confirms that step is the adjoint of the blur
"""Richardson-Lucy deconvolution of guider frames.

    estimate <- estimate * ( (observed / (estimate (*) psf)) (*) psf_mirror )

psf_mirror is the PSF rotated by 180 degrees, i.e. the correction step is the
adjoint (a correlation) of the blur.
"""
import numpy as np
from scipy.signal import fftconvolve


def tracking_error_psf(n=7):
    """Elongated PSF: wind shake pushes light towards the lower right."""
    y, x = np.mgrid[:n, :n] - n // 2
    psf = np.exp(-(x ** 2 + y ** 2) / 2.0) + 0.5 * np.exp(-((x - 2) ** 2 + (y - 1) ** 2))
    return psf / psf.sum()


class RichardsonLucy:
    def __init__(self, psf, eps=1e-12):
        self.psf = np.asarray(psf, dtype=float)
        self.psf_mirror = self.psf[::-1, ::-1]
        self.eps = eps

    def blur(self, img):
        return fftconvolve(img, self.psf, mode="same")

    def correlate_back(self, ratio):
        return fftconvolve(ratio, self.psf_mirror, mode="same")

    def deconvolve(self, observed, iterations=20):
        estimate = np.full_like(observed, observed.mean())
        for _ in range(iterations):
            ratio = observed / np.maximum(self.blur(estimate), self.eps)
            estimate = estimate * self.correlate_back(ratio)
        return estimate


def star_field(shape=(32, 32), seed=0):
    rng = np.random.default_rng(seed)
    sky = np.full(shape, 0.5)
    for _ in range(6):
        sky[rng.integers(4, shape[0] - 4), rng.integers(4, shape[1] - 4)] += rng.uniform(20, 80)
    return sky


def adjoint_dot_test(rl, shape=(20, 24), seed=1):
    rng = np.random.default_rng(seed)
    u = rng.normal(size=shape)
    v = rng.normal(size=shape)
    return np.isclose(np.vdot(rl.blur(u), v), np.vdot(u, rl.correlate_back(v)), rtol=1e-9)


if __name__ == "__main__":
    rl = RichardsonLucy(tracking_error_psf())
    restored = rl.deconvolve(rl.blur(star_field()))
    print("peak after deconvolution:", round(float(restored.max()), 2))
    print("EVAL-RESULT:", "agree" if adjoint_dot_test(rl) else "differ")
