# eval-label: buggy
# eval-expect: CNV202@51
# eval-why: image formation convolves the scene with the PSF, but render uses correlate2d, so the asymmetric coma PSF is applied mirrored
# eval-fix: blurred = correlate2d(scene, self.psf, mode="same", boundary="fill") => blurred = convolve2d(scene, self.psf, mode="same", boundary="fill")
"""Synthetic wide-field microscope frames for testing the spot detector.

Image formation model:  frame = Poisson(gain * (scene (*) psf) + background),
where (*) is 2-D convolution with the off-axis (coma) point-spread function.
"""
from dataclasses import dataclass

import numpy as np
from scipy.signal import convolve2d, correlate2d


@dataclass
class Optics:
    size: int = 7
    sigma: float = 1.0
    tail: float = 0.6  # strength of the coma tail towards +x/+y
    gain: float = 50.0
    background: float = 3.0


def coma_psf(optics):
    """Gaussian core with a one-sided tail; normalised to unit sum."""
    half = optics.size // 2
    y, x = np.mgrid[-half:half + 1, -half:half + 1].astype(float)
    core = np.exp(-(x ** 2 + y ** 2) / (2 * optics.sigma ** 2))
    tail = optics.tail * np.exp(-((x - 1.5) ** 2 + (y - 1.0) ** 2) / 2.0) * (x > 0)
    psf = core + tail
    return psf / psf.sum()


class FrameSimulator:
    """Renders point-like emitters through the optical model."""

    def __init__(self, optics=None, seed=0):
        self.optics = optics or Optics()
        self.psf = coma_psf(self.optics)
        self.rng = np.random.default_rng(seed)

    def scene_from_emitters(self, shape, positions, brightness=1.0):
        scene = np.zeros(shape)
        for r, c in positions:
            scene[r, c] += brightness
        return scene

    def render(self, scene):
        """Noise-free expected frame: the scene convolved with the PSF."""
        blurred = correlate2d(scene, self.psf, mode="same", boundary="fill")
        return self.optics.gain * blurred + self.optics.background

    def sample(self, scene):
        return self.rng.poisson(self.render(scene)).astype(np.float32)


def impulse_response_ok(sim):
    """A single emitter must reproduce the PSF itself around its position."""
    scene = sim.scene_from_emitters((21, 21), [(10, 10)])
    frame = (sim.render(scene) - sim.optics.background) / sim.optics.gain
    h = sim.optics.size // 2
    patch = frame[10 - h:10 + h + 1, 10 - h:10 + h + 1]
    return np.allclose(patch, sim.psf, atol=1e-12)


if __name__ == "__main__":
    sim = FrameSimulator()
    noisy = sim.sample(sim.scene_from_emitters((32, 32), [(5, 6), (20, 25)], 40.0))
    print("mean counts:", float(noisy.mean()))
    print("EVAL-RESULT:", "agree" if impulse_response_ok(sim) else "differ")
