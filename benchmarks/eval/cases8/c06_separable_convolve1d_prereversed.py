# eval-label: clean
# eval-why: the central difference is written pre-reversed ([1, 0, -1]) for ndimage.convolve1d, so the signed slopes and the arctan2 orientation match np.gradient
# HW3 problem 2 (resubmission) - edge orientation with separable filters
import numpy as np
from scipy import ndimage

print("HW3 p2 v2: orientation histogram")
yy, xx = np.mgrid[0:32, 0:32].astype(float)
img = np.sin(xx / 5.0) + 0.5 * np.cos(yy / 3.0) + 0.02 * xx * yy

smooth = np.array([1.0, 2.0, 1.0]) / 4.0
deriv = np.array([1.0, 0.0, -1.0]) / 2.0   # reversed, because convolve1d flips it back

def sobel_like(im):
    gx = ndimage.convolve1d(ndimage.convolve1d(im, smooth, axis=0), deriv, axis=1)
    gy = ndimage.convolve1d(ndimage.convolve1d(im, smooth, axis=1), deriv, axis=0)
    return gx, gy

gx, gy = sobel_like(img)
theta = np.arctan2(gy, gx)
hist, _ = np.histogram(theta, bins=8, range=(-np.pi, np.pi))
print("histogram:", hist)

ref_gx = np.gradient(ndimage.convolve1d(img, smooth, axis=0), axis=1)
ref_gy = np.gradient(ndimage.convolve1d(img, smooth, axis=1), axis=0)
ref_theta = np.arctan2(ref_gy, ref_gx)
inner = (slice(2, -2), slice(2, -2))
err = np.angle(np.exp(1j * (theta[inner] - ref_theta[inner])))
print("EVAL-RESULT:", "agree" if np.abs(err).max() < 1e-9 else "differ")
