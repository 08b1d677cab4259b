# eval-label: buggy
# eval-expect: CNV201@15|16
# eval-why: the Sobel kernels are written in correlation orientation (-1 on the left/top) but applied with ndimage.convolve, so the gradient signs and the arctan2 orientations are flipped
# eval-fix: ndimage.convolve => ndimage.correlate
"""Exercise 4: gradient orientation histogram (HOG-like) from Sobel filters."""

import numpy as np
from scipy import ndimage

SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
SOBEL_Y = SOBEL_X.T


def gradients(img):
    gx = ndimage.convolve(img, SOBEL_X, mode="nearest")
    gy = ndimage.convolve(img, SOBEL_Y, mode="nearest")
    return gx, gy


def orientation_histogram(img, bins=8):
    gx, gy = gradients(img)
    theta = np.arctan2(gy, gx)
    mag = np.hypot(gx, gy)
    hist, _ = np.histogram(theta, bins=bins, range=(-np.pi, np.pi), weights=mag)
    return hist / hist.sum()


if __name__ == "__main__":
    yy, xx = np.mgrid[0:32, 0:32].astype(float)
    ramp = 0.5 * xx + 0.2 * yy  # brighter to the right and downwards
    gx, gy = gradients(ramp)
    ref_y, ref_x = np.gradient(ramp)
    inner = (slice(2, -2), slice(2, -2))
    same_x = np.all(np.sign(gx[inner]) == np.sign(ref_x[inner]))
    same_y = np.all(np.sign(gy[inner]) == np.sign(ref_y[inner]))
    print("dominant orientation bin:", int(np.argmax(orientation_histogram(ramp))))
    print("EVAL-RESULT:", "agree" if same_x and same_y else "differ")
