# eval-label: clean
# eval-why: the sliding-window einsum uses np.flip(k) (a 180-degree rotation on 2-D), so it equals convolve2d 'valid'.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import convolve2d


def conv2d_valid(x, k):
    return np.einsum("ijmn,mn->ij", sliding_window_view(x, k.shape), np.flip(k))


def test_conv2d_valid():
    rng = np.random.default_rng(8)
    x = rng.random((10, 9)).astype(np.float32)
    k = rng.random((3, 4)).astype(np.float32)
    expected = convolve2d(x, k, mode="valid")
    np.testing.assert_allclose(conv2d_valid(x, k), expected, rtol=1e-5)


if __name__ == "__main__":
    try:
        test_conv2d_valid()
        r = "agree"
    except AssertionError:
        r = "differ"
    print("EVAL-RESULT:", r)
