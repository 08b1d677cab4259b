# eval-label: buggy
# eval-expect: CNV101@30|41
# eval-why: hand-rolled while-loop window sum over a manually zero-padded image (a correlation) is checked against signal.convolve2d with an asymmetric emboss kernel
# eval-fix: signal.convolve2d(img, kern, mode="same") => signal.correlate2d(img, kern, mode="same")
# CS 4640 homework 3, problem 2: implement 2-D filtering without library calls
import numpy as np
from scipy import signal


def emboss_kernel(strength=1.0):
    """3x3 emboss kernel, light coming from the top-left."""
    base = np.array([[-2, -1, 0],
                     [-1, 1, 1],
                     [0, 1, 2]])
    return base * strength


def my_filter(img, kern):
    h, w = img.shape
    kh, kw = kern.shape
    ph, pw = kh // 2, kw // 2
    padded = np.zeros((h + 2 * ph, w + 2 * pw))
    padded[ph:ph + h, pw:pw + w] = img
    result = np.zeros((h, w))
    r = 0
    while r < h:
        c = 0
        while c < w:
            region = padded[r:r + kh, c:c + kw]
            result[r, c] = np.sum(region * kern)
            c += 1
        r += 1
    return result


if __name__ == "__main__":
    img = np.random.default_rng(3).random((12, 15))
    kern = emboss_kernel(0.5)
    mine = my_filter(img, kern)
    # compare with scipy to make sure the loop is right
    ref = signal.convolve2d(img, kern, mode="same")
    print("max abs difference:", np.abs(mine - ref).max())
    print("EVAL-RESULT:", "agree" if np.allclose(mine, ref) else "differ")
