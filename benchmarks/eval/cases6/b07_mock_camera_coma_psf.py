# eval-label: buggy
# eval-expect: CNV202@34
# eval-why: image formation is documented as the scene convolved with the PSF, but signal.correlate applies the asymmetric coma PSF mirrored
# eval-fix: signal.correlate(scene, self.psf, mode="same") => signal.convolve(scene, self.psf, mode="same")
"""Mock observations for the photometry pipeline tests.

An image is formed by convolving the true sky with the telescope PSF and
adding Poisson noise.  The field is off-axis, so the PSF has a coma tail
pointing away from the optical axis (towards +x here).
"""

import numpy as np
from scipy import signal


def coma_psf(size=9, sigma=1.2, tail=0.6):
    c = size // 2
    y, x = np.mgrid[-c : c + 1, -c : c + 1].astype(float)
    core = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    comet = np.exp(-((x - 2.0) ** 2) / (2 * (2 * sigma) ** 2) - y**2 / (2 * (0.7 * sigma) ** 2))
    psf = core + tail * comet * (x > 0)
    return psf / psf.sum()


class MockCamera:
    def __init__(self, psf, gain=1.0, sky=0.0, seed=0):
        self.psf = psf
        self.gain = gain
        self.sky = sky
        self.rng = np.random.default_rng(seed)

    def expected(self, scene):
        """Image formation: the scene convolved with the PSF (noise-free)."""
        blurred = signal.correlate(scene, self.psf, mode="same")
        return self.gain * blurred + self.sky

    def observe(self, scene):
        return self.rng.poisson(np.clip(self.expected(scene), 0, None)).astype(float)


def star_field(shape, n_stars, rng, flux=(200.0, 2000.0)):
    scene = np.zeros(shape)
    rows = rng.integers(5, shape[0] - 5, n_stars)
    cols = rng.integers(5, shape[1] - 5, n_stars)
    scene[rows, cols] = rng.uniform(*flux, n_stars)
    return scene


def point_source_test(camera, shape=(31, 31), where=(12, 17)):
    """A single star must come out as a copy of the PSF centred on the star."""
    scene = np.zeros(shape)
    scene[where] = 1.0
    img = camera.expected(scene) - camera.sky
    c = camera.psf.shape[0] // 2
    r, q = where
    stamp = img[r - c : r + c + 1, q - c : q + c + 1]
    return np.allclose(stamp, camera.gain * camera.psf)


if __name__ == "__main__":
    cam = MockCamera(coma_psf(), gain=1.5, sky=10.0)
    frame = cam.observe(star_field((64, 64), 12, np.random.default_rng(2)))
    print("mock frame mean:", round(float(frame.mean()), 2))
    print("EVAL-RESULT:", "agree" if point_source_test(cam) else "differ")
