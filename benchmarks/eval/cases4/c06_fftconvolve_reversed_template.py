# eval-label: clean
# eval-why: template matching by fftconvolve with the real template reversed on both axes is a cross-correlation, and it is checked against correlate2d
import numpy as np
from scipy.signal import correlate2d, fftconvolve


def match_template(image, template):
    """Cross-correlation scores, 'valid' positions only (fast path for large images)."""
    t = template - template.mean()
    return fftconvolve(image, t[::-1, ::-1], mode="valid")


rng = np.random.default_rng(5)
image = rng.random((64, 48))
template = image[30:38, 12:19].copy()
scores = match_template(image, template)
slow = correlate2d(image, template - template.mean(), mode="valid")
r, c = np.unravel_index(np.argmax(scores), scores.shape)
print("found at", r, c)
ok = np.allclose(scores, slow) and (r, c) == np.unravel_index(np.argmax(slow), slow.shape)
print("EVAL-RESULT:", "agree" if ok else "differ")
