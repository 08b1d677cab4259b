# eval-label: buggy
# eval-expect: CNV401@14|22|23
# eval-why: correlate2d conjugates its second argument; the hand-written window sum on complex data does not, so the test compares two different quantities.
# eval-fix: np.sum(z[i : i + kh, j : j + kw] * k) => np.sum(z[i : i + kh, j : j + kw] * np.conj(k))
import numpy as np
from scipy.signal import correlate2d


def xcorr_valid(z, k):
    kh, kw = k.shape
    out = np.zeros((z.shape[0] - kh + 1, z.shape[1] - kw + 1), dtype=complex)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(z[i : i + kh, j : j + kw] * k)
    return out


def test_complex_xcorr():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(8, 8)) + 1j * rng.normal(size=(8, 8))
    k = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    expected = correlate2d(z, k, mode="valid")
    np.testing.assert_allclose(xcorr_valid(z, k), expected)


if __name__ == "__main__":
    try:
        test_complex_xcorr()
        r = "agree"
    except AssertionError:
        r = "differ"
    print("EVAL-RESULT:", r)
