# eval-label: clean
# eval-why: the 3-D window sum (a correlation) is validated against ndimage.correlate, the same operation
"""Check the MRI bias-field stencil (z, y, x) against ndimage."""

import numpy as np
from scipy import ndimage


def apply_stencil(volume, stencil):
    d, h, w = stencil.shape
    out = np.zeros(tuple(s - k + 1 for s, k in zip(volume.shape, stencil.shape)))
    for z, y, x in np.ndindex(out.shape):
        out[z, y, x] = (volume[z : z + d, y : y + h, x : x + w] * stencil).sum()
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(15)
    volume = rng.random((8, 9, 10))
    stencil = rng.normal(size=(3, 3, 3))
    mine = apply_stencil(volume, stencil)
    lib = ndimage.correlate(volume, stencil, mode="constant")[1:-1, 1:-1, 1:-1]
    print("EVAL-RESULT:", "agree" if np.allclose(mine, lib) else "differ")
