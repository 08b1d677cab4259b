# eval-label: clean
# eval-why: a unit test compares a window loop that reads the kernel reversed by index arithmetic (k[kh-1-m, kw-1-n]) with signal.convolve2d 'valid'
import numpy as np
from scipy import signal


def convolve_valid(img, k):
    kh, kw = k.shape
    out = np.zeros((img.shape[0] - kh + 1, img.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            s = 0.0
            for m in range(kh):
                for n in range(kw):
                    s += img[i + m, j + n] * k[kh - 1 - m, kw - 1 - n]
            out[i, j] = s
    return out


def test_convolve_valid():
    rng = np.random.default_rng(45)
    img, k = rng.random((9, 8)), rng.random((3, 2))
    np.testing.assert_allclose(convolve_valid(img, k), signal.convolve2d(img, k, "valid"))


try:
    test_convolve_valid()
    print("EVAL-RESULT: agree")
except AssertionError:
    print("EVAL-RESULT: differ")
