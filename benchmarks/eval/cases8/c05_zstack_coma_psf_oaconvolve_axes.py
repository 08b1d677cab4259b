# eval-label: clean
# eval-why: the z-stack forward model convolves every plane with the asymmetric coma PSF through oaconvolve(axes=(1, 2)), so a bead reproduces the PSF as written
"""Widefield z-stack simulator: each focal plane is blurred by the same lateral PSF."""
from dataclasses import dataclass, field

import numpy as np
from scipy import signal


def coma_psf(size=9, sigma=1.1, tail=0.4):
    """Gaussian core plus a one-sided comatic flare towards +x and +y."""
    half = size // 2
    yy, xx = np.mgrid[-half:half + 1, -half:half + 1].astype(float)
    core = np.exp(-(xx ** 2 + yy ** 2) / (2 * sigma ** 2))
    flare = tail * np.exp(-((xx - 2.0) ** 2 + (yy - 1.0) ** 2) / 3.0) * (xx > 0)
    psf = core + flare
    return psf / psf.sum()


@dataclass
class StackSimulator:
    psf: np.ndarray = field(default_factory=coma_psf)
    background: float = 0.0
    notes: list = field(default_factory=list)

    def forward(self, volume):
        """Image formation: every plane of ``volume`` convolved with the PSF."""
        self.notes.append(f"planes={volume.shape[0]}")
        blurred = signal.oaconvolve(volume, self.psf[None], mode="same", axes=(1, 2))
        return blurred + self.background

    def snr(self, volume, read_noise=2.0):
        img = self.forward(volume)
        return img.max() / np.sqrt(img.max() + read_noise ** 2)


sim = StackSimulator()
vol = np.zeros((3, 31, 31))
vol[1, 15, 15] = 1.0
stack = sim.forward(vol)
want = np.zeros_like(vol)
want[1, 11:20, 11:20] = sim.psf
print(sim.notes, "snr", round(float(sim.snr(vol)), 3))
print("EVAL-RESULT:", "agree" if np.allclose(stack, want, atol=1e-12) else "differ")
