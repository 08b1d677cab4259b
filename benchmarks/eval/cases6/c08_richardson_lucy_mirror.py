# eval-label: clean
# eval-why: Richardson-Lucy's correction step uses the PSF rotated by 180 degrees, which is the adjoint of the blur (dot test)
"""Richardson-Lucy deconvolution of confocal slices, with an adjoint self-test."""

import numpy as np
from scipy.signal import convolve2d


class RLDeconvolver:
    def __init__(self, psf, iterations=20):
        self.psf = psf / psf.sum()
        self.psf_hat = np.rot90(self.psf, 2)
        self.iterations = iterations

    def forward(self, img):
        return convolve2d(img, self.psf, mode="same")

    def adjoint(self, img):
        return convolve2d(img, self.psf_hat, mode="same")

    def __call__(self, observed):
        est = np.full_like(observed, observed.mean())
        for _ in range(self.iterations):
            est *= self.adjoint(observed / (self.forward(est) + 1e-12))
        return est


def skewed_psf(n=5):
    c = n // 2
    y, x = np.mgrid[-c : c + 1, -c : c + 1].astype(float)
    return np.exp(-(x**2 + 2 * y**2) / 2.0) * (1.2 + 0.3 * x - 0.2 * y)


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    deconv = RLDeconvolver(skewed_psf())
    truth = np.zeros((30, 30))
    truth[8:12, 10:22] = 2.0
    restored = deconv(deconv.forward(truth) + 1e-3)
    print("restored max:", round(float(restored.max()), 3))
    a, b = rng.random((17, 19)), rng.random((17, 19))
    lhs = np.vdot(deconv.forward(a), b)
    rhs = np.vdot(a, deconv.adjoint(b))
    print("EVAL-RESULT:", "agree" if abs(lhs - rhs) < 1e-10 * abs(lhs) else "differ")
