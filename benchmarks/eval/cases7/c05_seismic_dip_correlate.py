# eval-label: clean
# eval-why: Sobel kernels in correlation orientation are applied with ndimage.correlate, so the signed gradients and the arctan2 direction field are right
"""Structural dip from a migrated seismic section (depth x offset)."""
import numpy as np
from scipy import ndimage


class DipEstimator:
    def __init__(self, smooth_sigma=1.5):
        self.smooth_sigma = smooth_sigma

    @property
    def kx(self):
        # Sobel x: -1 on the left, +1 on the right (correlation orientation)
        return np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8.0

    @property
    def kz(self):
        return self.kx.T.copy()

    def gradients(self, section):
        gx = ndimage.correlate(section, self.kx, mode="nearest")
        gz = ndimage.correlate(section, self.kz, mode="nearest")
        return gx, gz

    def direction(self, section):
        gx, gz = self.gradients(section)
        return np.arctan2(gz, gx)

    def coherence(self, section):
        gx, gz = self.gradients(section)
        s = self.smooth_sigma
        gxx = ndimage.gaussian_filter(gx * gx, s)
        gzz = ndimage.gaussian_filter(gz * gz, s)
        gxz = ndimage.gaussian_filter(gx * gz, s)
        lam = np.sqrt((gxx - gzz) ** 2 + 4 * gxz ** 2)
        return lam / (gxx + gzz + 1e-12)


def agc(section, window=21):
    """Automatic gain control: divide by the running RMS along depth."""
    rms = np.sqrt(ndimage.uniform_filter1d(section ** 2, window, axis=0) + 1e-12)
    return section / rms


def fault_likelihood(coherence, threshold=0.6):
    return (coherence < threshold).astype(float)


def dipping_layers(nz=48, nx=64, slope=0.3):
    z, x = np.mgrid[0:nz, 0:nx]
    return np.sin(0.4 * (z - slope * x)) + 0.02 * x


if __name__ == "__main__":
    sec = dipping_layers()
    est = DipEstimator()
    direction = est.direction(sec)
    dz, dx = np.gradient(sec)
    truth = np.arctan2(dz, dx)
    inner = (slice(2, -2), slice(2, -2))
    err = np.abs(np.angle(np.exp(1j * (direction[inner] - truth[inner]))))
    print("coherence:", float(est.coherence(sec)[inner].mean()))
    print("EVAL-RESULT:", "agree" if np.median(err) < 0.2 else "differ")
