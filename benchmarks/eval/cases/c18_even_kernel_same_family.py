# eval-label: clean
# eval-why: ndimage.correlate and cv2.filter2D both anchor an even kernel at m//2, so with zero borders they agree even for a 2x4 kernel.
import cv2
import numpy as np
from scipy import ndimage


def test_even_kernel_cv2_vs_ndimage():
    src = np.random.default_rng(2).random((11, 13))
    k = np.array([[1.0, 2.0, 0.0, -1.0], [0.5, 0.0, 3.0, 1.0]])
    a = cv2.filter2D(src, -1, k, borderType=cv2.BORDER_CONSTANT)
    b = ndimage.correlate(src, k, mode="constant")
    np.testing.assert_allclose(a, b, atol=1e-12)


if __name__ == "__main__":
    try:
        test_even_kernel_cv2_vs_ndimage()
        r = "agree"
    except AssertionError:
        r = "differ"
    print("EVAL-RESULT:", r)
