# eval-label: clean
# eval-why: a true convolution built as ndimage.correlate with the stencil rotated by np.rot90(s, 2) equals convolve2d with the stencil
"""Upwind advection step; the stencil is applied in convolution form."""

import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d


def upwind(cx, cy):
    s = np.zeros((3, 3))
    s[1, 1] = -(cx + cy)
    s[1, 0] = cx
    s[0, 1] = cy
    return s


def apply(u, s):
    """s convolved with u, zero outside the domain (ndimage is faster here)."""
    return ndimage.correlate(u, np.rot90(s, 2), mode="constant")


if __name__ == "__main__":
    rng = np.random.default_rng(17)
    u = rng.random((14, 15))
    s = upwind(0.3, 0.1)
    for _ in range(5):
        u = u + 0.5 * apply(u, s)
    probe = rng.random((9, 8))
    print("EVAL-RESULT:", "agree" if np.allclose(apply(probe, s), convolve2d(probe, s, mode="same")) else "differ")
