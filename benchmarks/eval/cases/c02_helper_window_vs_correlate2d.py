# eval-label: clean
# eval-why: a patch-sum helper (correlation) is tested against correlate2d through a variable: same operation.
import numpy as np
from numpy.testing import assert_allclose
from scipy.signal import correlate2d


def patch_score(image, kernel, r, c):
    h, w = kernel.shape
    return float(np.sum(image[r : r + h, c : c + w] * kernel))


def score_map(image, kernel):
    h, w = kernel.shape
    rows, cols = image.shape[0] - h + 1, image.shape[1] - w + 1
    return np.array([[patch_score(image, kernel, r, c) for c in range(cols)] for r in range(rows)])


def test_score_map():
    rng = np.random.default_rng(0)
    image = rng.normal(size=(11, 9))
    kernel = rng.normal(size=(3, 4))
    expected = correlate2d(image, kernel, mode="valid")
    assert_allclose(score_map(image, kernel), expected)


if __name__ == "__main__":
    try:
        test_score_map()
        r = "agree"
    except AssertionError:
        r = "differ"
    print("EVAL-RESULT:", r)
