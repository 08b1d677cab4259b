# eval-label: clean
# eval-why: the Gaussian kernel built with np.outer of an exp window equals its 180-degree rotation, so the window sum and convolve2d agree
import numpy as np
from scipy.signal import convolve2d

sigma = 1.4
r = np.arange(-3, 4)
g = np.exp(-r ** 2 / (2 * sigma ** 2))
G = np.outer(g, g)
G /= G.sum()

img = np.random.default_rng(55).random((25, 30))
pad = np.pad(img, 3, mode="reflect")
blur_loop = np.empty_like(img)
for (i, j), _ in np.ndenumerate(img):
    blur_loop[i, j] = np.sum(pad[i:i + 7, j:j + 7] * G)

blur_scipy = convolve2d(np.pad(img, 3, mode="reflect"), G, mode="valid")
print("EVAL-RESULT:", "agree" if np.allclose(blur_loop, blur_scipy) else "differ")
