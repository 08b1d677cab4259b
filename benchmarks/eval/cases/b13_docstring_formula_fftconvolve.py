# eval-label: buggy
# eval-expect: CNV201@14
# eval-why: the docstring states a cross-correlation (x[i+m, j+n] * w[m, n]) but the body calls fftconvolve, which rotates w.
# eval-fix: fftconvolve(x, w, mode="valid") => fftconvolve(x, w[::-1, ::-1], mode="valid")
import numpy as np
from scipy.signal import fftconvolve


def response_map(x, w):
    """Dense response of the detector w at every position of x.

    y[i, j] = sum_{m, n} x[i + m, j + n] * w[m, n]
    """
    return fftconvolve(x, w, mode="valid")


def response_map_loops(x, w):
    kh, kw = w.shape
    y = np.zeros((x.shape[0] - kh + 1, x.shape[1] - kw + 1))
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            for m in range(kh):
                for n in range(kw):
                    y[i, j] += x[i + m, j + n] * w[m, n]
    return y


if __name__ == "__main__":
    rng = np.random.default_rng(9)
    x = rng.random((12, 10))
    w = rng.random((4, 3))
    ok = np.allclose(response_map(x, w), response_map_loops(x, w))
    print("EVAL-RESULT:", "agree" if ok else "differ")
