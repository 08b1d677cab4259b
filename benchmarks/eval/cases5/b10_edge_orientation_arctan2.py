# eval-label: buggy
# eval-expect: CNV201@16|17
# eval-why: Sobel kernels written with -1 on the left are correlation stencils; convolve2d rotates them and every angle is off by 180 degrees.
# eval-fix: convolve2d(img, SOBEL_ => convolve2d(img, -SOBEL_
import numpy as np
from scipy.signal import convolve2d

# Gradient-orientation histogram (a tiny HOG) for a 16x16 cell.
SOBEL_X = np.array([[-1, 0, 1],
                    [-2, 0, 2],
                    [-1, 0, 1]], dtype=np.float64)
SOBEL_Y = SOBEL_X.T


def image_gradients(img):
    gx = convolve2d(img, SOBEL_X, mode="same", boundary="symm")
    gy = convolve2d(img, SOBEL_Y, mode="same", boundary="symm")
    return gx, gy


def orientation_histogram(img, bins=8):
    gx, gy = image_gradients(img)
    theta = np.arctan2(gy, gx)
    mag = np.hypot(gx, gy)
    hist, _ = np.histogram(theta, bins=bins, range=(-np.pi, np.pi), weights=mag)
    return hist, theta


if __name__ == "__main__":
    # a ramp that increases to the right and downward: gradient points to +x, +y
    yy, xx = np.mgrid[0:16, 0:16].astype(float)
    ramp = 2.0 * xx + 1.0 * yy
    hist, theta = orientation_histogram(ramp)
    expected = np.arctan2(1.0, 2.0)
    inner = theta[2:-2, 2:-2]
    print("median angle", np.median(inner), "expected", expected)
    print("EVAL-RESULT:", "agree" if np.allclose(inner, expected) else "differ")
