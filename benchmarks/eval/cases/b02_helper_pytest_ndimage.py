# eval-label: buggy
# eval-expect: CNV101@14|29|31
# eval-why: the helper's patch sum is a correlation, the test's reference ndimage.convolve is a true convolution of the same image and kernel.
# eval-fix: np.sum(patch * kernel) => np.sum(patch * kernel[::-1, ::-1])
import numpy as np
from numpy.testing import assert_allclose
from scipy import ndimage


def response_at(image, kernel, r, c):
    """Filter response with the kernel centred on pixel (r, c)."""
    h, w = kernel.shape
    patch = image[r - h // 2 : r - h // 2 + h, c - w // 2 : c - w // 2 + w]
    return float(np.sum(patch * kernel))


def filter_interior(image, kernel):
    out = np.zeros(image.shape, dtype=float)
    for r in range(1, image.shape[0] - 1):
        for c in range(1, image.shape[1] - 1):
            out[r, c] = response_at(image, kernel, r, c)
    return out


def test_matches_ndimage():
    rng = np.random.default_rng(0)
    img = rng.normal(size=(12, 9))
    ker = rng.normal(size=(3, 3))
    expected = ndimage.convolve(img, ker, mode="constant")
    got = filter_interior(img, ker)
    assert_allclose(got[1:-1, 1:-1], expected[1:-1, 1:-1])


if __name__ == "__main__":
    try:
        test_matches_ndimage()
        result = "agree"
    except AssertionError:
        result = "differ"
    print("EVAL-RESULT:", result)
