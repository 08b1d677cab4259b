# eval-label: clean
# eval-why: only the Sobel gradient magnitude is used; convolve2d and the hand-rolled correlation windows differ only in sign, which hypot removes
import numpy as np
from scipy.signal import convolve2d

KX = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
KY = KX.T.copy()


def edge_strength(img):
    gx = convolve2d(img, KX, mode="valid")
    gy = convolve2d(img, KY, mode="valid")
    return np.hypot(gx, gy)


def edge_strength_loops(img):
    h, w = img.shape[0] - 2, img.shape[1] - 2
    out = np.zeros((h, w))
    for i in range(h):
        for j in range(w):
            win = img[i:i + 3, j:j + 3]
            out[i, j] = np.hypot((win * KX).sum(), (win * KY).sum())
    return out


img = np.random.default_rng(7).random((15, 17))
print("EVAL-RESULT:", "agree" if np.allclose(edge_strength(img), edge_strength_loops(img)) else "differ")
