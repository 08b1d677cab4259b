# eval-label: buggy
# eval-expect: CNV201@35|36
# eval-why: the Sobel kernels from the properties are written in correlation orientation (-1 on the left/top); ndimage.convolve rotates them, so both gradients change sign and the arctan2 dip field points the opposite way
# eval-fix: ndimage.convolve( => ndimage.correlate(
"""Structural dip from a migrated seismic section (depth x offset)."""
import numpy as np
from scipy import ndimage


CONFIG = {"agc_window": 21, "smooth_sigma": 1.5, "clip": 3.0}


def agc(section, window):
    """Automatic gain control: divide by the running RMS along depth."""
    rms = np.sqrt(ndimage.uniform_filter1d(section ** 2, window, axis=0) + 1e-12)
    return section / rms


class DipEstimator:
    """Local dip angle theta = arctan2(d/dz, d/dx) of a depth section."""

    def __init__(self, smooth_sigma=1.5):
        self.smooth_sigma = smooth_sigma

    @property
    def kx(self):
        # Sobel x: -1 on the left, +1 on the right
        return np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8.0

    @property
    def kz(self):
        return self.kx.T.copy()

    def gradients(self, section):
        gx = ndimage.convolve(section, self.kx, mode="nearest")
        gz = ndimage.convolve(section, self.kz, mode="nearest")
        return gx, gz

    def dip(self, section):
        gx, gz = self.gradients(section)
        gxx = ndimage.gaussian_filter(gx * gx, self.smooth_sigma)
        gxz = ndimage.gaussian_filter(gx * gz, self.smooth_sigma)
        gzz = ndimage.gaussian_filter(gz * gz, self.smooth_sigma)
        theta = 0.5 * np.arctan2(2 * gxz, gxx - gzz)
        return theta, np.arctan2(gz, gx)


def dipping_layers(nz=48, nx=64, slope=0.3):
    z, x = np.mgrid[0:nz, 0:nx]
    return np.sin(0.4 * (z - slope * x)) + 0.02 * x


if __name__ == "__main__":
    sec = dipping_layers()
    print("agc rms:", float(np.sqrt((agc(sec, CONFIG["agc_window"]) ** 2).mean())))
    est = DipEstimator(CONFIG["smooth_sigma"])
    _, direction = est.dip(sec)
    dz, dx = np.gradient(sec)
    truth = np.arctan2(dz, dx)
    inner = (slice(2, -2), slice(2, -2))
    err = np.angle(np.exp(1j * (direction[inner] - truth[inner])))
    print("median |angle error| (rad):", float(np.median(np.abs(err))))
    print("EVAL-RESULT:", "agree" if np.median(np.abs(err)) < 0.2 else "differ")
