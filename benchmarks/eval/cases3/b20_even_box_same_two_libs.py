# eval-label: buggy
# eval-expect: CNV402@15|14
# eval-why: a 2x2 kernel in 'same' mode: correlate2d anchors it at (kh-1)//2 and ndimage.correlate at kh//2, so the two results are shifted by a pixel
# eval-fix: mode="constant") => mode="constant", origin=-1)
import numpy as np
from scipy import ndimage
from scipy.signal import correlate2d

# 2x2 "gradient-ish" kernel used in the feature extractor
w = np.array([[1.0, 2.0],
              [3.0, 4.0]])
img = np.random.default_rng(5).random((16, 16))

a = correlate2d(img, w, mode="same")
b = ndimage.correlate(img, w, mode="constant")

err = np.max(np.abs(a - b))
print(f"scipy.signal vs ndimage: {err:.3e}")
print("EVAL-RESULT:", "agree" if err < 1e-12 else "differ")
