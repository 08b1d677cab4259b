# eval-label: buggy
# eval-expect: CNV402@19|24
# eval-why: for the even 4x4 kernel convolve2d's 'same' output anchors element ((kh-1)//2, (kw-1)//2), so a delta placed at (kh//2, kw//2) shifts the plane by one pixel instead of passing it through.
# eval-fix: ident[kh // 2, kw // 2] = 1.0 => ident[(kh - 1) // 2, (kw - 1) // 2] = 1.0
"""Learned 4x4 demosaic-refinement kernels, one per Bayer phase.

Kernels start as the identity so that an untrained pipeline is a no-op.
"""
import numpy as np
from scipy.signal import convolve2d

KERNEL_SHAPE = (4, 4)          # even on purpose: covers a whole 2x2 Bayer cell twice
PHASES = ("R", "Gr", "Gb", "B")


def identity_kernel(shape=KERNEL_SHAPE):
    kh, kw = shape
    ident = np.zeros((kh, kw))
    ident[kh // 2, kw // 2] = 1.0          # centre tap
    return ident


def refine(plane, k):
    out = convolve2d(plane, k, mode="same")
    return out


bank = {ph: identity_kernel() for ph in PHASES}
rng = np.random.default_rng(23)
raw = rng.integers(0, 1024, size=(16, 16)).astype(float)
planes = {"R": raw[0::2, 0::2], "Gr": raw[0::2, 1::2], "Gb": raw[1::2, 0::2], "B": raw[1::2, 1::2]}

untouched = all(np.allclose(refine(planes[ph], bank[ph]), planes[ph]) for ph in PHASES)
print("EVAL-RESULT:", "agree" if untouched else "differ")
