# eval-label: buggy
# eval-expect: CNV401@13
# eval-why: the docstring defines y[n] = sum_m x[n + m] * h[m] without a conjugate, but np.correlate conjugates the complex taps
# eval-fix: np.correlate(x, h, mode="valid") => np.correlate(x, np.conj(h), mode="valid")
import numpy as np


def apply_taps(x, h):
    """Sliding dot product of the complex baseband x with taps h.

    y[n] = sum_m x[n + m] * h[m]   for n = 0 .. len(x) - len(h)
    """
    return np.correlate(x, h, mode="valid")


def apply_taps_slow(x, h):
    out = []
    n = 0
    while n + len(h) <= len(x):
        acc = 0j
        for m, hm in enumerate(h):
            acc += x[n + m] * hm
        out.append(acc)
        n += 1
    return np.array(out)


rng = np.random.default_rng(123)
x = rng.normal(size=64) + 1j * rng.normal(size=64)
h = np.exp(2j * np.pi * np.arange(6) / 6.0) * np.hanning(8)[1:7]

fast = apply_taps(x, h)
slow = apply_taps_slow(x, h)
print("EVAL-RESULT:", "agree" if np.allclose(fast, slow) else "differ")
