# eval-label: buggy
# eval-expect: CNV204@58
# eval-why: the guider's forward model is documented as a convolution with the asymmetric drift PSF, but it calls cv2.filter2D, which correlates, so the modelled star trails point the wrong way and the test against convolve2d fails
# eval-fix: cv2.filter2D(chitra, -1, self.psf, borderType=cv2.BORDER_CONSTANT) => cv2.filter2D(chitra, -1, cv2.flip(self.psf, -1), borderType=cv2.BORDER_CONSTANT)
"""Guider simulator. Forward model: the sky frame is convolved with the drift PSF
(a line drawn into np.zeros from the centre along the drift), plus photon noise."""
import numpy as np
from scipy import ndimage, signal

try:
    import cv2
except ImportError:  # headless CI without OpenCV: the same arithmetic via ndimage
    class cv2:
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):
            return ndimage.correlate(src, kernel, mode="constant", cval=0.0)

        @staticmethod
        def flip(a, code):
            return np.ascontiguousarray(a[::-1, ::-1])


def drift_psf(lambai=5, disha=(1, 2)):
    """Drift of `lambai` pixels along direction `disha` = (dy, dx)."""
    size = 2 * lambai + 1
    psf = np.zeros((size, size))
    dy, dx = disha
    n = max(abs(dy), abs(dx))
    for t in np.linspace(0.0, lambai, 4 * lambai + 1):
        psf[int(round(lambai + t * dy / n)), int(round(lambai + t * dx / n))] += 1.0
    return psf / psf.sum()


class TaaraKshetra:
    """A synthetic star field (point sources on a dark sky)."""

    def __init__(self, shape=(64, 64), seed=0):
        self.shape = shape
        self.rng = np.random.default_rng(seed)

    def render(self, n_taare=25, flux=(200.0, 2000.0)):
        chitra = np.zeros(self.shape)
        r = self.rng.integers(8, self.shape[0] - 8, n_taare)
        c = self.rng.integers(8, self.shape[1] - 8, n_taare)
        chitra[r, c] = self.rng.uniform(*flux, n_taare)
        return chitra


class Guider:
    def __init__(self, psf, sky_level=5.0):
        self.psf = np.asarray(psf, dtype=np.float64)
        self.sky_level = sky_level

    def dhundhla(self, chitra):
        """Forward model: convolve the frame with the drift PSF."""
        return cv2.filter2D(chitra, -1, self.psf, borderType=cv2.BORDER_CONSTANT)

    def expose(self, chitra, rng):
        return rng.poisson(self.dhundhla(chitra) + self.sky_level).astype(float)

    def centroid(self, frame):
        w = np.clip(frame - np.median(frame), 0.0, None)
        rr, cc = np.indices(frame.shape)
        return float((w * rr).sum() / w.sum()), float((w * cc).sum() / w.sum())


def test_forward_model_is_a_convolution():
    sky = TaaraKshetra(seed=3).render()
    guider = Guider(drift_psf())
    model = guider.dhundhla(sky)
    reference = signal.convolve2d(sky, guider.psf, mode="same")
    print("centroid:", guider.centroid(guider.expose(sky, np.random.default_rng(1))))
    return np.allclose(model, reference, atol=1e-9)


print("EVAL-RESULT:", "agree" if test_forward_model_is_a_convolution() else "differ")
