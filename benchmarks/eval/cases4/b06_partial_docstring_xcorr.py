# eval-label: buggy
# eval-expect: CNV201@10|18
# eval-why: cross_correlate documents the correlation sum x[i + m, j + n] * w[m, n] but calls signal.convolve through a functools.partial
# eval-fix: partial(signal.convolve, => partial(signal.correlate,
from functools import partial

import numpy as np
from scipy import signal

valid_filter = partial(signal.convolve, mode="valid", method="direct")


def cross_correlate(x, w):
    """Cross-correlation as used by the feature extractor:

        out[i, j] = sum_{m, n} x[i + m, j + n] * w[m, n]
    """
    return valid_filter(x, w)


rng = np.random.default_rng(7)
x = rng.random((6, 7))
w = rng.random((2, 3))
got = cross_correlate(x, w)
want = np.zeros((5, 5))
for i in range(5):
    for j in range(5):
        want[i, j] = sum(x[i + m, j + n] * w[m, n] for m in range(2) for n in range(3))
print("EVAL-RESULT:", "agree" if np.allclose(got, want) else "differ")
