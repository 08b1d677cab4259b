# eval-label: clean
# eval-why: the Sobel kernels are written pre-reversed ([1, 0, -1]) for ndimage.convolve, so the gradient signs used by arctan2 match np.gradient
"""Edge orientation map for the lane-marking detector."""

import numpy as np
from scipy import ndimage

# written for convolution: the kernel is flipped by convolve, so +1 sits on the left
KX = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float) / 8.0
KY = KX.T


def orientation(img):
    gx = ndimage.convolve(img, KX, mode="nearest")
    gy = ndimage.convolve(img, KY, mode="nearest")
    return np.arctan2(gy, gx), gx, gy


if __name__ == "__main__":
    yy, xx = np.mgrid[0:24, 0:30].astype(float)
    img = np.sin(xx / 6.0) + 0.3 * yy
    theta, gx, gy = orientation(img)
    ref_y, ref_x = np.gradient(img)
    inner = (slice(2, -2), slice(2, -2))
    ok = np.allclose(gx[inner], ref_x[inner], atol=0.02) and np.allclose(gy[inner], ref_y[inner], atol=0.02)
    print("mean orientation:", round(float(theta.mean()), 3))
    print("EVAL-RESULT:", "agree" if ok else "differ")
