# eval-label: clean
# eval-why: the Gaussian kernel is an outer product of a symmetric window, so it equals its 180-degree rotation and the window sum equals convolve2d
import numpy as np
from scipy.signal import convolve2d


def gaussian_kernel(size=5, sigma=1.2):
    ax = np.arange(size) - (size - 1) / 2
    g = np.exp(-(ax**2) / (2 * sigma**2))
    k = np.outer(g, g)
    return k / k.sum()


img = np.random.default_rng(0).random((20, 20))
k = gaussian_kernel().astype(np.float64)
manual = np.zeros((16, 16))
for r in range(16):
    for c in range(16):
        manual[r, c] = np.sum(img[r:r + 5, c:c + 5] * k)
lib = convolve2d(img, k, mode="valid")
print("EVAL-RESULT:", "agree" if np.allclose(manual, lib) else "differ")
