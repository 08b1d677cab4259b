# eval-label: clean
# eval-why: With origin=-1 ndimage.convolve anchors the even kernel where convolve2d 'same' does.
"""Sensor binning with two back-ends that must agree pixel for pixel."""
import numpy as np
from scipy import ndimage, signal

BOX = np.ones((2, 2)) / 4.0


def bin_signal(img):
    return signal.convolve2d(img, BOX, mode="same")


def bin_ndimage(img):
    # ndimage anchors even kernels at m // 2; origin=-1 moves the anchor to
    # scipy.signal's (m - 1) // 2 so both back-ends line up
    return ndimage.convolve(img, BOX, mode="constant", origin=-1)


def regression_test(seed=4):
    rng = np.random.default_rng(seed)
    img = rng.random((10, 12))
    a, b = bin_signal(img), bin_ndimage(img)
    print("max diff", float(np.abs(a - b).max()))
    return np.allclose(a, b)


print("EVAL-RESULT:", "agree" if regression_test() else "differ")
