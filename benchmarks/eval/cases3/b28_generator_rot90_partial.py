# eval-label: buggy
# eval-expect: CNV303@31
# eval-why: the loop convolution 'flips' the kernel with a single np.rot90 (a quarter turn) and is compared with ndimage.convolve through functools.partial
# eval-fix: np.rot90(k) => np.rot90(k, 2)
import functools

import numpy as np
from scipy import ndimage

try:
    import cv2
except ImportError:
    cv2 = None


def pad_zero(img, p):
    if cv2 is not None:
        return cv2.copyMakeBorder(img, p, p, p, p, cv2.BORDER_CONSTANT, value=0)
    return np.pad(img, p)


def windows(img, size):
    p = size // 2
    big = pad_zero(img, p)
    for i in range(img.shape[0]):
        for j in range(img.shape[1]):
            yield i, j, big[i:i + size, j:j + size]


def convolve_loop(img, k):
    kr = np.rot90(k)  # flip kernel for a true convolution
    out = np.zeros_like(img)
    for i, j, w in windows(img, k.shape[0]):
        out[i, j] = np.sum(w * kr)
    return out


scipy_conv = functools.partial(ndimage.convolve, mode="constant", cval=0.0)
img = np.random.default_rng(28).random((10, 11)).astype(np.float32)
k = np.array([[3, 1, 0], [0, 0, 0], [0, -1, -2]], dtype=np.float32)
print("EVAL-RESULT:", "agree" if np.allclose(convolve_loop(img, k), scipy_conv(img, k), atol=1e-5) else "differ")
