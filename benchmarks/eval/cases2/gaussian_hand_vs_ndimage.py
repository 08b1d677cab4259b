# eval-label: clean
# eval-why: a hand-rolled window blur with a separable Gaussian kernel (symmetric under 180-degree rotation) is compared with ndimage.convolve: orientation does not matter
import numpy as np
from scipy import ndimage


def gaussian_kernel(size=5, sigma=1.2):
    ax = np.arange(size) - size // 2
    g = np.exp(-(ax**2) / (2 * sigma**2))
    k = np.outer(g, g)
    return k / k.sum()


def blur(img, k):
    p = k.shape[0] // 2
    padded = np.pad(img, p, mode="constant")
    out = np.empty_like(img, dtype=float)
    for y in range(img.shape[0]):
        for x in range(img.shape[1]):
            out[y, x] = np.sum(padded[y:y + k.shape[0], x:x + k.shape[1]] * k)
    return out


img = np.random.default_rng(31).random((16, 16))
k = gaussian_kernel()
same = np.allclose(blur(img, k), ndimage.convolve(img, k, mode="constant"))
print("EVAL-RESULT:", "agree" if same else "differ")
