# eval-label: clean
# eval-why: the loop convolution reverses the kernel by index arithmetic k[kh - 1 - m, kw - 1 - n], so it equals convolve2d
import itertools

import numpy as np
from scipy.signal import convolve2d


def convolve_valid(image, kernel):
    kh, kw = kernel.shape
    oh, ow = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    res = np.zeros((oh, ow))
    for i, j, m, n in itertools.product(range(oh), range(ow), range(kh), range(kw)):
        res[i, j] += image[i + m, j + n] * kernel[kh - 1 - m, kw - 1 - n]
    return res


image = np.random.default_rng(200).random((8, 10))
kernel = np.array([[2.0, 0.0, -1.0], [1.0, 0.0, 0.0]])
print("EVAL-RESULT:", "agree" if np.allclose(convolve_valid(image, kernel), convolve2d(image, kernel, "valid")) else "differ")
