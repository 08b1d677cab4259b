# eval-label: buggy
# eval-expect: CNV203@47|46|27
# eval-why: the builder's blur step documents a convolution with the scanner PSF, but the helper rotates the PSF 180 degrees before fftconvolve, which rotates it again, so the page is correlated and the ink bleeds upward instead of downward
# eval-fix: return np.rot90(psf, 2) => return psf
"""Synthetic degradation for OCR training data.

A DegradationPipeline is assembled by a PipelineBuilder; each step is a
callable that takes and returns a page (float array, ink = 1).
"""
import numpy as np
from scipy import signal


def bleed_psf(rows=7, cols=7, drop=0.55):
    """Scanner ink bleed: the lamp travels down the page, so ink smears
    downward (and a little to the right) from every stroke."""
    psf = np.zeros((rows, cols))
    c, r0 = cols // 2, rows // 2
    for k, r in enumerate(range(r0, rows)):
        psf[r, c] = drop**k
        psf[r, c + 1] = 0.3 * drop**k
    return psf / psf.sum()


def _conv_kernel(psf):
    # flip so that the FFT product below is a convolution and not a correlation
    return np.rot90(psf, 2)


class DegradationPipeline:
    def __init__(self):
        self.steps = []

    def run(self, page):
        for _name, step in self.steps:
            page = step(page)
        return page


class PipelineBuilder:
    def __init__(self):
        self._pipe = DegradationPipeline()

    def blur(self, psf):
        """Image formation: convolve the page with the scanner PSF."""
        k = _conv_kernel(psf)
        self._pipe.steps.append(("blur", lambda p: signal.fftconvolve(p, k, mode="same")))
        return self

    def gamma(self, g):
        self._pipe.steps.append(("gamma", lambda p: np.clip(p, 0.0, None) ** g))
        return self

    def speckle(self, rate, seed=0):
        rng = np.random.default_rng(seed)
        self._pipe.steps.append(("speckle", lambda p: np.where(rng.random(p.shape) < rate, 1.0 - p, p)))
        return self

    def build(self):
        return self._pipe


def render_strokes(h=40, w=60):
    page = np.zeros((h, w))
    page[8:30, 10] = page[8:30, 24] = 1.0          # two vertical strokes
    page[8, 10:25] = page[19, 10:25] = 1.0         # and two bars
    page[30:33, 40:52] = 1.0
    return page


page = render_strokes()
psf = bleed_psf()
train_pipe = PipelineBuilder().blur(psf).gamma(0.8).speckle(0.01).build()
check_pipe = PipelineBuilder().blur(psf).gamma(0.8).build()

got = check_pipe.run(page)
want = np.clip(signal.convolve2d(page, psf, mode="same"), 0.0, None) ** 0.8
print("training sample ink:", round(float(train_pipe.run(page).sum()), 3))
ok = np.allclose(got, want, atol=1e-9)
print("EVAL-RESULT:", "agree" if ok else "differ")
