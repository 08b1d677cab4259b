# eval-label: buggy
# eval-expect: CNV203@12|13
# eval-why: the wrapper rotates the kernel with flipud(fliplr(k)) and then calls ndimage.convolve, so its "MATLAB conv2" result is a correlation.
# eval-fix: k_rot = np.flipud(np.fliplr(k)) => k_rot = k
import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d


def conv2_same(A, k):
    """2-D convolution like MATLAB conv2(A, k, 'same'): kernel rotated 180 degrees."""
    k_rot = np.flipud(np.fliplr(k))
    return ndimage.convolve(A, k_rot, mode="constant", cval=0.0)


if __name__ == "__main__":
    A = np.random.default_rng(1).random((8, 8))
    k = np.array([[0.0, 1.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, -1.0]])
    ok = np.allclose(conv2_same(A, k), convolve2d(A, k, "same"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
