# eval-label: buggy
# eval-expect: CNV302@13
# eval-why: K.T mirrors the kernel about its diagonal, it does not rotate it by 180 degrees, so this "correlation via convolution" is wrong.
# eval-fix: K.T => K[::-1, ::-1]
import numpy as np
from scipy.signal import convolve2d, correlate2d

K = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 2.0]])


def correlate_with(img):
    # convolve2d flips the kernel, so hand it the kernel flipped already
    return convolve2d(img, K.T, mode="valid")


if __name__ == "__main__":
    img = np.random.default_rng(4).random((9, 9))
    ok = np.allclose(correlate_with(img), correlate2d(img, K, mode="valid"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
