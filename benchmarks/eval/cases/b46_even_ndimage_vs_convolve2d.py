# eval-label: buggy
# eval-expect: CNV402@14|15|16
# eval-why: with a 2x2 kernel ndimage.convolve anchors the kernel at m//2 and convolve2d 'same' at (m-1)//2, so the two 'same' outputs are shifted by one pixel.
# eval-fix: ndimage.convolve(img, k, mode="constant") => ndimage.convolve(img, k, mode="constant", origin=-1)
import numpy as np
from numpy.testing import assert_allclose
from scipy import ndimage
from scipy.signal import convolve2d


def test_ndimage_matches_signal():
    img = np.random.default_rng(0).random((10, 10))
    k = np.array([[1.0, 2.0], [3.0, 4.0]])
    a = ndimage.convolve(img, k, mode="constant")
    b = convolve2d(img, k, mode="same")
    assert_allclose(a, b)


if __name__ == "__main__":
    try:
        test_ndimage_matches_signal()
        r = "agree"
    except AssertionError:
        r = "differ"
    print("EVAL-RESULT:", r)
