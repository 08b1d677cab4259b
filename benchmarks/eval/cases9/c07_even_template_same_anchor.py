# eval-label: clean
# eval-why: the even 4-tap template goes through np.correlate 'same' and ndimage.correlate1d, which both anchor tap m//2, so the two detectors agree sample for sample
"""Heartbeat-template scoring: numpy path vs ndimage path (both correlations)."""
import numpy as np
from scipy import ndimage

TEMPLATE = np.array([-0.5, 1.0, 0.8, -0.3])


def ecg_trace(n=200, seed=3):
    rng = np.random.default_rng(seed)
    x = 0.05 * rng.normal(size=n)
    for beat in range(10, n - 4, 37):
        x[beat:beat + 4] += TEMPLATE
    return x


def score_numpy(x):
    return np.correlate(x, TEMPLATE, mode="same")


def score_ndimage(x):
    return ndimage.correlate1d(x, TEMPLATE, mode="constant", cval=0.0)


if __name__ == "__main__":
    trace = ecg_trace()
    a, b = score_numpy(trace), score_ndimage(trace)
    print("beats:", int((a > 1.2).sum()))
    print("EVAL-RESULT:", "agree" if np.allclose(a, b, atol=1e-12) else "differ")
