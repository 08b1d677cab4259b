# eval-label: buggy
# eval-expect: CNV201@12
# eval-why: template matching needs a correlation with the template, but fftconvolve is called with the template unrotated, so the score map peaks at the wrong place
# eval-fix: fftconvolve(img, t, mode="valid") => fftconvolve(img, t[::-1, ::-1], mode="valid")
import numpy as np
from scipy.signal import fftconvolve


def find_template(img, templ):
    """Locate templ in img by (zero-mean) correlation; returns (row, col) of the best match."""
    t = templ - templ.mean()
    score = fftconvolve(img, t, mode="valid")
    return np.unravel_index(np.argmax(score), score.shape)


rng = np.random.default_rng(77)
img = rng.standard_normal((120, 90))
r0, c0 = 41, 23
templ = img[r0:r0 + 11, c0:c0 + 9].copy()

found = find_template(img, templ)
print("found", found, "expected", (r0, c0))
print("EVAL-RESULT:", "agree" if tuple(int(v) for v in found) == (r0, c0) else "differ")
