# eval-label: buggy
# eval-expect: CNV303@20
# eval-why: the correction step of Richardson-Lucy needs the PSF mirrored by 180 degrees (the adjoint of the blur); a single np.rot90 turns it by 90
# eval-fix: np.rot90(self.psf) => np.rot90(self.psf, 2)
"""Richardson-Lucy deconvolution for the widefield microscope (2-D slices).

    estimate <- estimate * (mirror(psf) conv (observed / (psf conv estimate)))

The correction step uses the mirrored PSF, which makes it the adjoint of the
blur; the dot test below checks that.
"""

import numpy as np
from scipy.signal import convolve2d


class RichardsonLucy:
    def __init__(self, psf, n_iter=25, eps=1e-12):
        self.psf = psf / psf.sum()
        self.psf_mirror = np.rot90(self.psf)  # mirrored PSF for the correction step
        self.n_iter = n_iter
        self.eps = eps

    def blur(self, img):
        return convolve2d(img, self.psf, mode="same")

    def correct(self, ratio):
        return convolve2d(ratio, self.psf_mirror, mode="same")

    def run(self, observed):
        est = np.full(observed.shape, observed.mean())
        for _ in range(self.n_iter):
            ratio = observed / (self.blur(est) + self.eps)
            est = est * self.correct(ratio)
        return est


def astigmatic_psf(n=5):
    c = n // 2
    y, x = np.mgrid[-c : c + 1, -c : c + 1].astype(float)
    psf = np.exp(-(x**2) / 1.5 - (y**2) / 0.6) * (1.0 + 0.4 * x + 0.2 * y + 0.1 * x * y)
    return np.clip(psf, 0, None)


def dot_test(rl, shape, rng):
    a = rng.random(shape)
    b = rng.random(shape)
    lhs = np.vdot(rl.blur(a), b)
    rhs = np.vdot(a, rl.correct(b))
    return abs(lhs - rhs) / abs(lhs)


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    rl = RichardsonLucy(astigmatic_psf())
    truth = np.zeros((32, 32))
    truth[10:14, 8:20] = 1.0
    truth[20, 22] = 4.0
    observed = rl.blur(truth) + 1e-3
    restored = rl.run(observed)
    print("residual:", round(float(np.abs(rl.blur(restored) - observed).mean()), 5))
    err = dot_test(rl, (16, 18), rng)
    print("adjoint mismatch:", err)
    print("EVAL-RESULT:", "agree" if err < 1e-10 else "differ")
