# eval-label: buggy
# eval-expect: CNV203@22|23
# eval-why: simulate_blur rotates the PSF before convolve2d, which rotates it again: the synthetic blur is a correlation with the motion kernel, not the documented convolution
# eval-fix: np.flip(psf) => psf
"""Synthetic training data for the deblurring network."""
import numpy as np
from scipy.signal import convolve2d, fftconvolve


def motion_kernel(length=7, angle_deg=30.0):
    k = np.zeros((length, length))
    c = length // 2
    t = np.deg2rad(angle_deg)
    for s in np.linspace(0, c, 4 * length):  # one-sided streak
        r, q = int(round(c - s * np.sin(t))), int(round(c + s * np.cos(t)))
        k[r, q] += 1.0
    return k / k.sum()


def simulate_blur(image, psf):
    """Convolve the sharp image with the PSF, flipping the kernel first as in the textbook definition."""
    psf_conv = np.flip(psf)
    return convolve2d(image, psf_conv, mode="same", boundary="fill")


def make_pair(rng, size=24):
    sharp = rng.random((size, size))
    k = motion_kernel()
    return sharp, simulate_blur(sharp, k), k


rng = np.random.default_rng(11)
sharp, blurry, k = make_pair(rng)
check = fftconvolve(sharp, k, mode="same")
print("EVAL-RESULT:", "agree" if np.allclose(blurry, check) else "differ")
