# eval-label: buggy
# eval-expect: CNV101@56|57
# eval-why: the explicit four-loop accumulation x[i + m, j + n] * k[m, n] is a cross-correlation, yet it is validated against fftconvolve of the same asymmetric taps
# eval-fix: ref = fftconvolve(img, taps, mode="valid") => ref = fftconvolve(img, taps[::-1, ::-1], mode="valid")
# numba-style kernels (the @njit decorators were dropped so this runs anywhere).
# Benchmarked against scipy in the perf dashboard; keep the loops simple.
import time

import numpy as np
from scipy.signal import fftconvolve


def _filter_loop(x, k):
    H, W = x.shape
    kh, kw = k.shape
    out = np.empty((H - kh + 1, W - kw + 1))
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            acc = 0.0
            for m in range(kh):
                for n in range(kw):
                    acc += x[i + m, j + n] * k[m, n]
            out[i, j] = acc
    return out


def _box_sum_loop(x, kh, kw):
    """Running window sum (used for the local mean), same loop shape."""
    H, W = x.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            s = 0.0
            for m in range(kh):
                for n in range(kw):
                    s += x[i + m, j + n]
            out[i, j] = s
    return out


def _timeit(fn, *args, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


CONFIG = {"repeat": 1, "shape": (20, 17)}

rng = np.random.default_rng(3)
img = rng.random((20, 17))
taps = np.array([[0.0, 1.0, 2.0], [0.5, -1.0, 0.0], [3.0, 0.0, -2.0]])
fast = _filter_loop(img, taps)
ref = fftconvolve(img, taps, mode="valid")
err = np.abs(fast - ref).max()
print("max err", err)
print("loop time %.4f s" % _timeit(_filter_loop, img, taps, repeat=CONFIG["repeat"]))
print("local mean ok:", np.allclose(_box_sum_loop(img, 3, 3) / 9, fftconvolve(img, np.ones((3, 3)) / 9, "valid")))
print("EVAL-RESULT:", "agree" if err < 1e-9 else "differ")
