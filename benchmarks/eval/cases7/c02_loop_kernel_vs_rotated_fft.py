# eval-label: clean
# eval-why: the explicit four-loop accumulation is a cross-correlation and is validated against fftconvolve of the 180-degree-rotated taps, which is the same operation
# numba-style kernel (decorator removed); regression against scipy
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


rng = np.random.default_rng(3)
img = rng.random((20, 17))
taps = np.array([[0.0, 1.0, 2.0], [0.5, -1.0, 0.0], [3.0, 0.0, -2.0]])
fast = _filter_loop(img, taps)
ref = fftconvolve(img, np.flip(taps, axis=(0, 1)), mode="valid")
print("EVAL-RESULT:", "agree" if np.abs(fast - ref).max() < 1e-9 else "differ")
