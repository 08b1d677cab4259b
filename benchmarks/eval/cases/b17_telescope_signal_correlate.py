# eval-label: buggy
# eval-expect: CNV202@18
# eval-why: Telescope.observe says it convolves the sky with the instrument PSF but calls signal.correlate with the asymmetric PSF stored in __init__.
# eval-fix: signal.correlate(sky, self.psf, mode="same") => signal.convolve(sky, self.psf, mode="same")
import numpy as np
from scipy import signal


class Telescope:
    def __init__(self, coma_length=5):
        psf = np.zeros((coma_length, coma_length))
        for t in range(coma_length):
            psf[t, t // 2] = 1.0 / (t + 1)
        self.psf = psf / psf.sum()

    def observe(self, sky):
        """Convolve the sky with the instrument PSF."""
        return signal.correlate(sky, self.psf, mode="same")


if __name__ == "__main__":
    scope = Telescope()
    sky = np.random.default_rng(0).random((20, 20))
    expected = signal.fftconvolve(sky, scope.psf, mode="same")
    ok = np.allclose(scope.observe(sky), expected)
    print("EVAL-RESULT:", "agree" if ok else "differ")
