# eval-label: buggy
# eval-expect: CNV203@26|27
# eval-why: the PSF is rotated by 180 degrees before convolve2d, which rotates it again, so the tiles are correlated with the PSF instead of blurred by it
# eval-fix: psf_rot = np.rot90(psf, 2) => psf_rot = psf
"""Regression data for the deblurring benchmark.

Each sharp tile is blurred by convolving it with the lens PSF (symmetric
boundary), the way the camera forms the image.  The lens is decentred, so
the defocus disc is brighter on one side.
"""

import numpy as np
from scipy import ndimage, signal


def decentred_defocus(n=5, tilt=0.35):
    c = n // 2
    y, x = np.mgrid[-c : c + 1, -c : c + 1].astype(float)
    disc = (x**2 + y**2 <= c**2 + 0.5).astype(float)
    psf = disc * (1.0 + tilt * x - 0.5 * tilt * y)
    return psf / psf.sum()


def blur_tile(sharp, psf):
    # convolution = flip the kernel, then slide it over the image
    psf_rot = np.rot90(psf, 2)
    return signal.convolve2d(sharp, psf_rot, mode="same", boundary="symm")


def make_pairs(n_tiles, size, rng):
    psf = decentred_defocus()
    tiles = rng.random((n_tiles, size, size))
    return [(t, blur_tile(t, psf)) for t in tiles], psf


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    pairs, psf = make_pairs(4, 24, rng)
    # the camera model from the optics team: ndimage's convolution, mirrored edges
    ok = all(np.allclose(b, ndimage.convolve(s, psf, mode="reflect")) for s, b in pairs)
    print("EVAL-RESULT:", "agree" if ok else "differ")
