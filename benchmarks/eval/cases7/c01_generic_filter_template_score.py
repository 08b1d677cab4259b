# eval-label: clean
# eval-why: generic_filter with a window-times-template sum is a cross-correlation, and it is checked against correlate2d (the same operation), not a convolution
import numpy as np
from scipy import ndimage
from scipy.signal import correlate2d

# matched template for a dipping event on a small seismic patch
template = np.array([[1.0, 0.2, 0.0], [0.3, 1.0, 0.1], [0.0, 0.4, 1.0], [0.0, 0.0, 0.5], [0.1, 0.0, 0.0]])
flat = template.ravel()

rng = np.random.default_rng(5)
patch = rng.standard_normal((20, 18))

score = ndimage.generic_filter(patch, lambda w: float(w @ flat), size=template.shape,
                               mode="constant", cval=0.0)
ref = correlate2d(patch, template, mode="same")
print("best match at", np.unravel_index(np.argmax(score), score.shape))
print("EVAL-RESULT:", "agree" if np.allclose(score, ref) else "differ")
