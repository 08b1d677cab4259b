# eval-label: buggy
# eval-expect: CNV201@16
# eval-why: the Sobel x kernel is written in correlation orientation (-1 on the left) but applied with convolve2d, and the sign of the result is compared with np.gradient
# eval-fix: gx = convolve2d( => gx = correlate2d(
import numpy as np
from scipy.signal import convolve2d, correlate2d

SOBEL_X = np.array([[-1, 0, 1],
                    [-2, 0, 2],
                    [-1, 0, 1]], dtype=np.float32)

# a brightness ramp that rises to the right, plus a bump
yy, xx = np.mgrid[0:32, 0:32]
I = (xx * 3.0 + 20 * np.exp(-((xx - 16) ** 2 + (yy - 10) ** 2) / 30.0)).astype(np.float32)

gx = convolve2d(I, SOBEL_X, mode="same", boundary="symm")
direction = np.sign(gx[2:-2, 2:-2])
reference = np.sign(np.gradient(I, axis=1)[2:-2, 2:-2])

print("EVAL-RESULT:", "agree" if np.array_equal(direction, reference) else "differ")
