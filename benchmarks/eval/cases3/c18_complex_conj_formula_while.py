# eval-label: clean
# eval-why: np.correlate of complex signals is compared with the conjugating formula sum x[n + m] * conj(h[m]), written as a while loop
import numpy as np

rng = np.random.default_rng(180)
x = np.exp(1j * rng.uniform(0, 2 * np.pi, 50)) * rng.uniform(0.5, 1.0, 50)
h = np.array([1 + 1j, 0.5 - 2j, -1j, 0.25])


def xcorr_def(x, h):
    """c[n] = sum_m x[n + m] * conj(h[m])"""
    res = []
    n = 0
    while n <= len(x) - len(h):
        res.append(sum(x[n + m] * np.conj(h[m]) for m in range(len(h))))
        n += 1
    return np.asarray(res)


print("EVAL-RESULT:", "agree" if np.allclose(np.correlate(x, h, "valid"), xcorr_def(x, h)) else "differ")
