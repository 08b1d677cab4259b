# eval-label: clean
# eval-why: the central-difference kernel is written pre-reversed ([1, 0, -1]) for ndimage.convolve1d, so its sign matches np.gradient
import numpy as np
from scipy import ndimage

# convolution kernels are reversed: [1, 0, -1] gives x[i+1] - x[i-1]
D = np.array([1.0, 0.0, -1.0]) / 2.0

yy, xx = np.mgrid[0:40, 0:50]
surface = np.sin(xx / 7.0) + 0.1 * yy

slope = ndimage.convolve1d(surface, D, axis=1, mode="nearest")
inner = (slice(1, -1), slice(1, -1))
agree = np.array_equal(np.sign(slope[inner]), np.sign(np.gradient(surface, axis=1)[inner]))
print("EVAL-RESULT:", "agree" if agree else "differ")
