# eval-label: clean
# eval-why: only the Sobel gradient magnitude is used (np.hypot), which is the same for convolve2d and correlate2d
import numpy as np
from scipy.signal import convolve2d, correlate2d

kx = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
ky = kx.T.copy()


def edge_strength(img, op):
    gx = op(img, kx, mode="same", boundary="symm")
    gy = op(img, ky, mode="same", boundary="symm")
    return np.hypot(gx, gy)


im = np.zeros((30, 30))
im[8:22, 10:25] = 1.0
im += 0.05 * np.random.default_rng(0).standard_normal(im.shape)

a = edge_strength(im, convolve2d)
b = edge_strength(im, correlate2d)
print("EVAL-RESULT:", "agree" if np.allclose(a, b) else "differ")
