# eval-label: buggy
# eval-expect: CNV204@11|17|18
# eval-why: the test asserts that cv2.filter2D (a correlation) equals ndimage.convolve for an asymmetric kernel.
# eval-fix: kernel, borderType=cv2.BORDER_CONSTANT) => kernel[::-1, ::-1].copy(), borderType=cv2.BORDER_CONSTANT)
import cv2
import numpy as np
from scipy import ndimage


def sharpen(img, kernel):
    return cv2.filter2D(img, cv2.CV_64F, kernel, borderType=cv2.BORDER_CONSTANT)


def test_sharpen_is_convolution():
    img = np.random.default_rng(0).random((16, 16))
    kernel = np.array([[0, -1, 0], [-1, 5, 0], [0, 0, -2]], dtype=np.float32)
    expected = ndimage.convolve(img, kernel.astype(np.float64), mode="constant")
    assert np.allclose(sharpen(img, kernel), expected, atol=1e-5)


if __name__ == "__main__":
    try:
        test_sharpen_is_convolution()
        r = "agree"
    except AssertionError:
        r = "differ"
    print("EVAL-RESULT:", r)
