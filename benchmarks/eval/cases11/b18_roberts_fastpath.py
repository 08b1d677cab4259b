# eval-label: buggy
# eval-expect: CNV402@21|22|28
# eval-why: the 2x2 Roberts kernels are even, and ndimage.correlate anchors them at m // 2 while correlate2d's 'same' anchors at (m - 1) // 2, so the fast path is shifted one pixel from the reference
# eval-fix: mode="constant") => mode="constant", origin=-1)
"""pytest module: the ndimage fast path of the Roberts-cross edge map."""
import numpy as np
from scipy import ndimage
from scipy.signal import correlate2d

ROBERTS_A = np.array([[1.0, 0.0], [0.0, -1.0]])
ROBERTS_B = np.array([[0.0, 1.0], [-1.0, 0.0]])


def roberts_reference(img):
    ga = correlate2d(img, ROBERTS_A, "same")
    gb = correlate2d(img, ROBERTS_B, "same")
    return np.hypot(ga, gb)


def roberts_fast(img):
    ga = ndimage.correlate(img, ROBERTS_A, mode="constant")
    gb = ndimage.correlate(img, ROBERTS_B, mode="constant")
    return np.hypot(ga, gb)


def test_fast_path_matches_reference():
    img = np.random.default_rng(12).random((32, 40))
    np.testing.assert_allclose(roberts_fast(img), roberts_reference(img), atol=1e-12)


if __name__ == "__main__":
    try:
        test_fast_path_matches_reference()
        print("EVAL-RESULT: agree")
    except AssertionError:
        print("EVAL-RESULT: differ")
