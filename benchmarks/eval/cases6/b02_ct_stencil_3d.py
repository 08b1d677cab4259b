# eval-label: buggy
# eval-expect: CNV101@19|29
# eval-why: a 3-D window sum (cross-correlation) is validated against ndimage.convolve, which rotates the stencil on all three axes
# eval-fix: ndimage.convolve(vol, k, mode="constant") => ndimage.correlate(vol, k, mode="constant")
"""Sanity check for the 3-D stencil used on CT volumes (z, y, x order)."""

import numpy as np
from scipy import ndimage


def stencil_response(vol, k):
    """Apply a (d, h, w) stencil at every fully inside position."""
    d, h, w = k.shape
    nz, ny, nx = vol.shape
    out = np.empty((nz - d + 1, ny - h + 1, nx - w + 1))
    for z in range(out.shape[0]):
        for y in range(out.shape[1]):
            for x in range(out.shape[2]):
                out[z, y, x] = np.sum(vol[z : z + d, y : y + h, x : x + w] * k)
    return out


def test_stencil_matches_ndimage():
    rng = np.random.default_rng(11)
    vol = rng.normal(size=(9, 10, 8))
    k = rng.normal(size=(3, 3, 3))
    mine = stencil_response(vol, k)
    # ndimage keeps the input shape; the interior is the part without border effects
    lib = ndimage.convolve(vol, k, mode="constant")[1:-1, 1:-1, 1:-1]
    return mine.shape == lib.shape and np.allclose(mine, lib)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if test_stencil_matches_ndimage() else "differ")
