# eval-label: clean
# eval-why: the even 2x2 Roberts kernels go through signal.correlate and ndimage.correlate, which share the m // 2 'same' anchor, and the integer image is correlated with method='direct', so the exact comparison holds
"""pytest module: integer Roberts-cross edge counts, scipy.signal vs ndimage."""
import numpy as np
from scipy import ndimage, signal

ROBERTS_A = np.array([[1, 0], [0, -1]], dtype=np.int64)
ROBERTS_B = np.array([[0, 1], [-1, 0]], dtype=np.int64)


def roberts_l1_signal(img):
    ga = signal.correlate(img, ROBERTS_A, mode="same", method="direct")
    gb = signal.correlate(img, ROBERTS_B, mode="same", method="direct")
    return np.abs(ga) + np.abs(gb)


def roberts_l1_ndimage(img):
    ga = ndimage.correlate(img, ROBERTS_A, mode="constant")
    gb = ndimage.correlate(img, ROBERTS_B, mode="constant")
    return np.abs(ga) + np.abs(gb)


def test_backends_agree_exactly():
    img = np.random.default_rng(12).integers(0, 4096, size=(32, 40))
    np.testing.assert_array_equal(roberts_l1_signal(img), roberts_l1_ndimage(img))


if __name__ == "__main__":
    try:
        test_backends_agree_exactly()
        print("EVAL-RESULT: agree")
    except AssertionError:
        print("EVAL-RESULT: differ")
