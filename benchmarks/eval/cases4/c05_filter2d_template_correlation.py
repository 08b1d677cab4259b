# eval-label: clean
# eval-why: cv2.filter2D is used knowingly as a correlation (template scoring) and compared with ndimage.correlate under the same border rule
import numpy as np
from scipy import ndimage

try:
    import cv2

    def score_map(img, template):
        # filter2D correlates (no kernel flip), which is what template scoring needs
        return cv2.filter2D(img, cv2.CV_64F, template, borderType=cv2.BORDER_REFLECT_101)
except ImportError:
    def score_map(img, template):
        return ndimage.correlate(img, template, mode="mirror")

rng = np.random.default_rng(4)
img = rng.random((30, 30))
template = img[10:15, 20:25] - img[10:15, 20:25].mean()
scores = score_map(img, template)
ref = ndimage.correlate(img, template, mode="mirror")
print("best match at", np.unravel_index(np.argmax(scores), scores.shape))
print("EVAL-RESULT:", "agree" if np.allclose(scores, ref) else "differ")
