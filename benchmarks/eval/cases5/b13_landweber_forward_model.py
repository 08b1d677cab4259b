# eval-label: buggy
# eval-expect: CNV202@20
# eval-why: The Landweber forward model documents y = h * x but correlates with the asymmetric coma PSF (and the adjoint follows it).
# eval-fix: return ndimage.correlate(x, self.psf, mode="constant") => return ndimage.convolve(x, self.psf, mode="constant")
# eval-fix: ndimage.correlate(r, self.psf[::-1, ::-1] => ndimage.correlate(r, self.psf
import numpy as np
from scipy import ndimage


class LandweberDeconvolver:
    """Landweber iterations for y = h * x (convolution with a known PSF h)."""

    def __init__(self, psf, step=1.0, iterations=50):
        self.psf = np.asarray(psf, float)
        self.step = step
        self.iterations = iterations

    def forward(self, x):
        # blur model: the PSF applied to the scene
        return ndimage.correlate(x, self.psf, mode="constant")

    def adjoint(self, r):
        return ndimage.correlate(r, self.psf[::-1, ::-1], mode="constant")

    def run(self, y):
        x = np.zeros_like(y)
        for _ in range(self.iterations):
            x = x + self.step * self.adjoint(y - self.forward(x))
        return x


def coma_psf():
    k = np.zeros((5, 5))
    k[2, 2], k[2, 3], k[3, 3], k[3, 4] = 0.5, 0.25, 0.15, 0.1
    return k


if __name__ == "__main__":
    deconv = LandweberDeconvolver(coma_psf(), iterations=5)
    star = np.zeros((15, 15)); star[7, 7] = 1.0
    simulated = deconv.forward(star)
    # ground truth from the optics team: PSF placed on the star
    truth = ndimage.convolve(star, coma_psf(), mode="constant")
    print("EVAL-RESULT:", "agree" if np.allclose(simulated, truth) else "differ")
