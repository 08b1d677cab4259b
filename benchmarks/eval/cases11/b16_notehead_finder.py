# eval-label: buggy
# eval-expect: CNV303@22
# eval-why: to make the FFT convolution correlate, the notehead template must be rotated by 180 degrees, but np.rot90(template, k=3) turns it by a quarter only
# eval-fix: np.rot90(template, k=3) => np.rot90(template, k=2)
"""Optical music recognition: locate filled noteheads by template matching."""
import numpy as np
from scipy.signal import correlate2d, fftconvolve

# 7x7 filled notehead with the stem attached on the right
yy, xx = np.mgrid[-3:4, -3:4]
template = ((xx / 3.2) ** 2 + (yy / 2.2) ** 2 <= 1.0).astype(float)
template[:, 6] = 1.0
template[4:, :2] = 0.0
template -= template.mean()

rng = np.random.default_rng(4)
page = 0.2 * rng.random((60, 80))
for r, c in [(10, 12), (30, 50), (44, 21)]:
    page[r - 3:r + 4, c - 3:c + 4] += template + template.mean()

# flip the template so the FFT convolution computes the matching score
score = fftconvolve(page, np.rot90(template, k=3), mode="valid")
expected = correlate2d(page, template, mode="valid")
peaks = np.argsort(score.ravel())[-3:]
print("peaks at", sorted(np.unravel_index(i, score.shape) for i in peaks))
print("EVAL-RESULT:", "agree" if np.allclose(score, expected) else "differ")
