# eval-label: clean
# eval-why: an even 2x4 kernel in 'same' mode: ndimage.correlate is given origin=-1 on both axes, which reproduces correlate2d's anchor
import numpy as np
from scipy import ndimage
from scipy.signal import correlate2d

w = np.arange(1.0, 9.0).reshape(2, 4)
x = np.random.default_rng(13).random((11, 14))

a = correlate2d(x, w, mode="same")
b = ndimage.correlate(x, w, mode="constant", origin=(-1, -1))
print("max", np.abs(a - b).max())
print("EVAL-RESULT:", "agree" if np.allclose(a, b, rtol=0, atol=1e-12) else "differ")
