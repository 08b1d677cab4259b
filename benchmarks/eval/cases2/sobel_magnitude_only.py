# eval-label: clean
# eval-why: Sobel kernels in correlation orientation go through convolve2d, but only the gradient magnitude (np.hypot) is used, which is the same for both orientations
import numpy as np
from scipy import signal

KX = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
KY = KX.T


def edge_strength(gray):
    gx = signal.convolve2d(gray, KX, mode="same", boundary="symm")
    gy = signal.convolve2d(gray, KY, mode="same", boundary="symm")
    return np.hypot(gx, gy)


gray = np.random.default_rng(38).random((20, 24))
mag = edge_strength(gray)
ref = np.hypot(signal.correlate2d(gray, KX, mode="same", boundary="symm"),
               signal.correlate2d(gray, KY, mode="same", boundary="symm"))
print("EVAL-RESULT:", "agree" if np.allclose(mag, ref) else "differ")
