# eval-label: buggy
# eval-expect: CNV204@10|18
# eval-why: cv2.filter2D correlates with the Sobel kernel while ndimage.convolve rotates it, so the two gradients compared here have opposite signs
# eval-fix: ndimage.convolve(img, sobel_x => ndimage.correlate(img, sobel_x
import numpy as np
from scipy import ndimage

try:
    import cv2
    filt = lambda img, k: cv2.filter2D(img, cv2.CV_64F, k)
except ImportError:
    filt = lambda img, k: ndimage.correlate(img, k, mode="mirror")

sobel_x = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=np.float64)
img = np.add.outer(np.arange(10.0), np.arange(12.0) ** 1.5)

gx_cv = filt(img, sobel_x)
gx_nd = ndimage.convolve(img, sobel_x, mode="mirror")
print(gx_cv[4, 3:7])
print(gx_nd[4, 3:7])
print("EVAL-RESULT:", "agree" if np.allclose(gx_cv, gx_nd) else "differ")
