# eval-label: clean
# eval-why: the Sobel kernels go through convolve2d but only the magnitude is used (np.hypot), which does not depend on the orientation
"""Edge strength for the autofocus score (sum of gradient magnitudes)."""

import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d

SX = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
SY = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=float)


def edge_strength(frame):
    gx = convolve2d(frame, SX, mode="same", boundary="symm")
    gy = convolve2d(frame, SY, mode="same", boundary="symm")
    return np.hypot(gx, gy)


def focus_score(frame):
    return float(edge_strength(frame).mean())


if __name__ == "__main__":
    rng = np.random.default_rng(6)
    frame = ndimage.gaussian_filter(rng.random((32, 32)), 1.0)
    mine = edge_strength(frame)
    ref = np.hypot(ndimage.sobel(frame, axis=1, mode="reflect"), ndimage.sobel(frame, axis=0, mode="reflect"))
    print("focus score:", round(focus_score(frame), 4))
    print("EVAL-RESULT:", "agree" if np.allclose(mine, ref) else "differ")
