"""Hand-rolled windows and what they are checked against."""

import numpy as np
from scipy import signal


def naive_valid(image, kernel):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            out[r, c] = np.sum(image[r : r + kh, c : c + kw] * kernel)
    return out


def test_naive_against_convolution():
    pic = np.random.rand(9, 9)
    taps = np.random.rand(3, 3)
    np.testing.assert_allclose(
        naive_valid(pic, taps), signal.convolve2d(pic, taps, "valid")  # CNV101
    )


def test_naive_against_correlation():
    pic = np.random.rand(9, 9)
    taps = np.random.rand(3, 3)
    np.testing.assert_allclose(naive_valid(pic, taps), signal.correlate2d(pic, taps, "valid"))


def test_box_blur_orientation_free():
    pic = np.random.rand(9, 9)
    box = np.ones((3, 3)) / 9
    np.testing.assert_allclose(naive_valid(pic, box), signal.convolve2d(pic, box, "valid"))
