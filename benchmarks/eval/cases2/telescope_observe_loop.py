# eval-label: buggy
# eval-expect: CNV202@19
# eval-why: Telescope.observe, documented as the blur forward model, is a hand-rolled window sum (a correlation) with an asymmetric PSF
# eval-fix: np.sum(padded[r:r + kh, c:c + kw] * self.psf) => np.sum(padded[r:r + kh, c:c + kw] * self.psf[::-1, ::-1])
import numpy as np


class Telescope:
    def __init__(self, psf):
        self.psf = np.asarray(psf, dtype=float)

    def observe(self, sky):
        """Blur forward model: the detector sees the sky convolved with the PSF."""
        kh, kw = self.psf.shape
        padded = np.pad(sky, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
        img = np.zeros_like(sky, dtype=float)
        for r in range(sky.shape[0]):
            for c in range(sky.shape[1]):
                img[r, c] = np.sum(padded[r:r + kh, c:c + kw] * self.psf)
        return img


# trefoil-ish optical aberration, measured on the bench
psf = np.array([[0.00, 0.02, 0.05],
                [0.01, 0.50, 0.20],
                [0.00, 0.12, 0.10]])
scope = Telescope(psf)
sky = np.zeros((15, 15))
sky[7, 7] = 1.0
img = scope.observe(sky)
# point-source check: the recorded star must look like the PSF
print("EVAL-RESULT:", "agree" if np.allclose(img[6:9, 6:9], psf) else "differ")
