# eval-label: buggy
# eval-expect: CNV402@29|15|14|20
# eval-why: the 4x4 plot-average kernel is even, and the two 'same' backends anchor it differently (correlate2d at (m-1)//2, ndimage.correlate at m//2), so the parity test compares maps shifted by one cell
# eval-fix: functools.partial(ndimage.correlate, mode="constant", cval=0.0) => functools.partial(ndimage.correlate, mode="constant", cval=0.0, origin=-1)
"""Soil-moisture maps from drone thermal data: mean over each 4x4-cell plot."""
import functools

import numpy as np
from scipy import ndimage, signal

PLOT = np.ones((4, 4)) / 16.0  # one experimental plot = 4 x 4 grid cells

BACKENDS = {
    "signal": functools.partial(signal.correlate2d, mode="same", boundary="fill"),
    "ndimage": functools.partial(ndimage.correlate, mode="constant", cval=0.0),
}


def plot_means(humedad, backend="signal", kernel=PLOT):
    return BACKENDS[backend](humedad, kernel)


def test_backends_agree():
    rng = np.random.default_rng(8)
    humedad = rng.uniform(0.1, 0.4, (30, 36))
    humedad[10:14, 20:24] = 0.05  # a dry patch
    a = plot_means(humedad, "signal")
    b = plot_means(humedad, "ndimage")
    return np.allclose(a, b)


print("EVAL-RESULT:", "agree" if test_backends_agree() else "differ")
