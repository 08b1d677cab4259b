# eval-label: clean
# eval-why: the vertical Sobel kernel is the transpose of the horizontal one (not a flip), applied with correlate2d; the signed gradients match np.gradient's direction
import numpy as np
from scipy.signal import correlate2d

SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float) / 8.0
SOBEL_Y = SOBEL_X.T


def image_gradient(img):
    gx = correlate2d(img, SOBEL_X, mode="same", boundary="symm")
    gy = correlate2d(img, SOBEL_Y, mode="same", boundary="symm")
    return gx, gy


yy, xx = np.mgrid[:30, :30].astype(float)
plane = 2.0 * xx - 3.0 * yy
gx, gy = image_gradient(plane)
ref_y, ref_x = np.gradient(plane)
inner = (slice(2, -2), slice(2, -2))
ok = np.allclose(gx[inner], ref_x[inner]) and np.allclose(gy[inner], ref_y[inner])
print("EVAL-RESULT:", "agree" if ok else "differ")
