# eval-label: clean
# eval-why: a 1-D FIR loop takes the dot product with the taps reversed, y[n] = sum_k h[k] x[n-k], which is what np.convolve 'valid' computes
import numpy as np

h = np.array([0.5, 0.3, 0.15, 0.05])


def fir(x, h):
    m = len(h)
    y = np.empty(len(x) - m + 1)
    for n in range(len(y)):
        y[n] = np.dot(x[n:n + m], h[::-1])
    return y


x = np.cos(np.linspace(0, 9, 150)) + 0.1 * np.random.default_rng(48).standard_normal(150)
print("EVAL-RESULT:", "agree" if np.allclose(fir(x, h), np.convolve(x, h, "valid")) else "differ")
