# eval-label: buggy
# eval-expect: CNV201@18|19
# eval-why: the derivative taps [-1, 0, 1] are written in correlation orientation but applied with ndimage.convolve1d, so both slopes flip sign and the arctan2 orientation is off by 180 degrees
# eval-fix: ndimage.convolve1d( => ndimage.correlate1d(
# HW3 problem 2 - edge orientation with separable filters
# (smoothing [1,2,1] along one axis, central difference along the other)
import numpy as np
from scipy import ndimage

print("HW3 p2: orientaton histogram")   # TODO fix typo before handing in
yy, xx = np.mgrid[0:32, 0:32].astype(float)
img = np.sin(xx / 5.0) + 0.5 * np.cos(yy / 3.0) + 0.02 * xx * yy

smooth = np.array([1.0, 2.0, 1.0]) / 4.0
deriv = np.array([-1.0, 0.0, 1.0]) / 2.0   # f(x+1) - f(x-1) over 2

def sobel_like(im):
    gx = ndimage.convolve1d(ndimage.convolve1d(im, smooth, axis=0), deriv, axis=1)
    gy = ndimage.convolve1d(ndimage.convolve1d(im, smooth, axis=1), deriv, axis=0)
    return gx, gy

gx, gy = sobel_like(img)
theta = np.arctan2(gy, gx)
print("mean angle (deg):", np.degrees(theta).mean())

# check against numpy's gradient of the same smoothed image
ref_gx = np.gradient(ndimage.convolve1d(img, smooth, axis=0), axis=1)
ref_gy = np.gradient(ndimage.convolve1d(img, smooth, axis=1), axis=0)
ref_theta = np.arctan2(ref_gy, ref_gx)
inner = (slice(2, -2), slice(2, -2))
err = np.angle(np.exp(1j * (theta[inner] - ref_theta[inner])))
print("worst angle error:", np.abs(err).max())
print("EVAL-RESULT:", "agree" if np.abs(err).max() < 1e-9 else "differ")
