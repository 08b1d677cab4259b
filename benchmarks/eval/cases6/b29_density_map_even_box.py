# eval-label: buggy
# eval-expect: CNV402@30|29
# eval-why: a 4x4 box in 'same' mode is anchored at index 1 by scipy.signal and at index 2 by ndimage, so the fast path is shifted by one pixel against the reference
# eval-fix: ndimage.convolve(hits, box, mode="constant") => ndimage.convolve(hits, box, mode="constant", origin=-1)
"""Detection density map for the crowd counter: detections per 4x4 cell window.

The reference implementation (scipy.signal) is slow on 4K frames; the fast
path uses ndimage and must produce the same map.
"""

import numpy as np
from scipy import ndimage, signal

CELL = 4


def detections_to_grid(points, shape):
    grid = np.zeros(shape)
    for r, c in points:
        grid[r, c] += 1.0
    return grid


def test_fast_density_matches_reference():
    rng = np.random.default_rng(37)
    pts = rng.integers(0, 30, size=(60, 2))
    hits = detections_to_grid(pts, (30, 30))
    box = np.ones((CELL, CELL)) / CELL**2
    ref = signal.convolve2d(hits, box, mode="same")
    fast = ndimage.convolve(hits, box, mode="constant")
    return np.allclose(fast, ref)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if test_fast_density_matches_reference() else "differ")
