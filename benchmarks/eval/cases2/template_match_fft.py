# eval-label: clean
# eval-why: template matching as fftconvolve(image, template[::-1, ::-1]) is a cross-correlation on purpose, checked against correlate2d and the planted location
import numpy as np
from scipy.signal import correlate2d, fftconvolve

rng = np.random.default_rng(36)
image = rng.standard_normal((40, 40)) * 0.2
template = rng.standard_normal((6, 5))
image[12:18, 25:30] += template                 # plant the pattern at (12, 25)


def match(image, template):
    """Score every placement of the template (zero-mean cross-correlation)."""
    t = template - template.mean()
    return fftconvolve(image, t[::-1, ::-1], mode="valid")


score = match(image, template)
peak = np.unravel_index(np.argmax(score), score.shape)
ref = correlate2d(image, template - template.mean(), mode="valid")
ok = peak == (12, 25) and np.allclose(score, ref)
print("peak", peak)
print("EVAL-RESULT:", "agree" if ok else "differ")
