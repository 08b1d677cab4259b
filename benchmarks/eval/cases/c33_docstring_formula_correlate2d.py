# eval-label: clean
# eval-why: the docstring states a cross-correlation and the body calls correlate2d, which computes exactly that formula.
import numpy as np
from scipy.signal import correlate2d


def response_map(x, w):
    """Dense response of the detector w at every position of x.

    y[i, j] = sum_{m, n} x[i + m, j + n] * w[m, n]
    """
    return correlate2d(x, w, mode="valid")


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
    x, w = rng.random((12, 10)), rng.random((4, 3))
    print("EVAL-RESULT:", "agree" if np.allclose(response_map(x, w), response_map_loops(x, w)) else "differ")
