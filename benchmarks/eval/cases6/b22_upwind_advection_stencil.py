# eval-label: buggy
# eval-expect: CNV301@29
# eval-why: a convolution is built as a correlation with the rotated stencil, but np.flipud reverses only the rows, so the upwind stencil keeps its left-right orientation
# eval-fix: np.flipud(stencil) => np.flip(stencil)
"""Explicit upwind step for 2-D advection-diffusion on a periodic-free grid.

The update is written as a stencil in convolution form (the form in the
lecture notes, u_new = u + dt * (S conv u)), so apply() must be a true
convolution.  The flow goes to +x and +y, so the stencil is lopsided.
"""

import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d


def upwind_stencil(cx, cy, nu):
    s = np.zeros((3, 3))
    s[1, 1] = -cx - cy - 4 * nu
    s[1, 0] += cx + nu  # upstream neighbour in x
    s[0, 1] += cy + nu  # upstream neighbour in y
    s[1, 2] += nu
    s[2, 1] += nu
    return s


def apply(field, stencil):
    """Stencil convolved with the field (zero outside the domain)."""
    return ndimage.correlate(field, np.flipud(stencil), mode="constant")


def step(u, dt, stencil):
    return u + dt * apply(u, stencil)


if __name__ == "__main__":
    u = np.zeros((20, 20))
    u[5:8, 5:8] = 1.0
    s = upwind_stencil(0.4, 0.2, 0.05)
    for _ in range(10):
        u = step(u, 0.5, s)
    print("mass:", round(float(u.sum()), 4))
    probe = np.random.default_rng(6).random((9, 11))
    ok = np.allclose(apply(probe, s), convolve2d(probe, s, mode="same"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
