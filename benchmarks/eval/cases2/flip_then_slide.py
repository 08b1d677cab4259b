# eval-label: buggy
# eval-expect: CNV203@12
# eval-why: the kernel is rotated 180 degrees ("flip then slide") and then passed to convolve2d, which flips again: the documented convolution becomes a correlation
# eval-fix: convolve2d(image, np.flip(kernel), mode="same") => convolve2d(image, kernel, mode="same")
import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d


def my_convolve(image, kernel):
    """2-D convolution: flip the kernel, then slide it over the image."""
    return convolve2d(image, np.flip(kernel), mode="same")


sharpen_right = np.array([[0, -1, 0],
                          [-1, 4, -2],
                          [0, 0, 0]], dtype=float)
img = np.random.default_rng(21).random((11, 13))
ours = my_convolve(img, sharpen_right)
theirs = ndimage.convolve(img, sharpen_right, mode="constant")
print("EVAL-RESULT:", "agree" if np.allclose(ours, theirs) else "differ")
