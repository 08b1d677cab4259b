# eval-label: clean
# eval-why: the scanner blur operator convolves with the unrotated bleed PSF, and only its transpose_apply rotates the PSF 180 degrees (a correlation, the adjoint); the forward matches convolve2d and the pair passes a dot test
"""OCR page restoration: scanner ink-bleed operator and a Landweber deblurrer."""
import numpy as np
from scipy import signal


def bleed_psf(rows=7, cols=7, drop=0.55):
    """Ink smears downward (the lamp travels down the page) and slightly right."""
    psf = np.zeros((rows, cols))
    c, r0 = cols // 2, rows // 2
    for k, r in enumerate(range(r0, rows)):
        psf[r, c], psf[r, c + 1] = drop**k, 0.3 * drop**k
    return psf / psf.sum()


class BleedOperator:
    def __init__(self, psf):
        self.psf = psf

    def apply(self, page):
        """Image formation: convolve the page with the scanner PSF."""
        return signal.fftconvolve(page, self.psf, mode="same")

    def transpose_apply(self, residual):
        """Adjoint of apply: correlation with the PSF, i.e. convolution with its rotation."""
        return signal.fftconvolve(residual, self.psf[::-1, ::-1], mode="same")


def landweber(op, scan, n_iter=30, tau=1.0):
    est = scan.copy()
    for _ in range(n_iter):
        est += tau * op.transpose_apply(scan - op.apply(est))
    return np.clip(est, 0.0, 1.0)


page = np.zeros((40, 60))
page[8:30, 10] = page[8:30, 24] = 1.0
page[8, 10:25] = page[19, 10:25] = 1.0
op = BleedOperator(bleed_psf())
scan = op.apply(page)

rng = np.random.default_rng(2)
u, v = rng.standard_normal(page.shape), rng.standard_normal(page.shape)
dot_ok = np.isclose(np.vdot(op.apply(u), v), np.vdot(u, op.transpose_apply(v)), rtol=1e-10)
fwd_ok = np.allclose(scan, signal.convolve2d(page, bleed_psf(), mode="same"), atol=1e-12)
print("restoration error:", round(float(np.abs(landweber(op, scan) - page).mean()), 4))
print("EVAL-RESULT:", "agree" if dot_ok and fwd_ok else "differ")
