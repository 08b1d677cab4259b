# eval-label: clean
# eval-why: the hand-rolled normalised cross-correlation numerator is a window sum, and it is checked against correlate2d, also a cross-correlation
"""Locate the fiducial mark on a wafer image with normalised cross-correlation."""

import numpy as np
from scipy.signal import correlate2d


def ncc_map(image, template):
    th, tw = template.shape
    t0 = template - template.mean()
    tnorm = np.sqrt(np.sum(t0**2))
    out = np.zeros((image.shape[0] - th + 1, image.shape[1] - tw + 1))
    num = np.zeros_like(out)
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            patch = image[r : r + th, c : c + tw]
            num[r, c] = np.sum(patch * t0)
            den = np.sqrt(np.sum((patch - patch.mean()) ** 2)) * tnorm
            out[r, c] = num[r, c] / den if den > 0 else 0.0
    return out, num


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    wafer = rng.normal(0, 0.2, (40, 50))
    mark = np.array([[0, 1, 0, 0], [1, 1, 1, 0], [0, 1, 0, 1], [0, 0, 1, 1]], dtype=float)
    wafer[22:26, 31:35] += 3 * mark
    score, numerator = ncc_map(wafer, mark)
    print("mark found at", np.unravel_index(np.argmax(score), score.shape))
    # numerator = correlation with the zero-mean template
    lib = correlate2d(wafer, mark - mark.mean(), mode="valid")
    print("EVAL-RESULT:", "agree" if np.allclose(numerator, lib) else "differ")
