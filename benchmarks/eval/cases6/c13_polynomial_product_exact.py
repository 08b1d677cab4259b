# eval-label: clean
# eval-why: integer polynomial coefficients are multiplied with signal.convolve(method="direct"), which is exact, and compared exactly with schoolbook multiplication
"""Exact integer polynomial products for the error-correcting-code generator."""

import numpy as np
from scipy import signal


def poly_mul(a, b):
    return signal.convolve(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64), method="direct")


def schoolbook(a, b):
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return np.array(out, dtype=np.int64)


if __name__ == "__main__":
    rng = np.random.default_rng(13)
    a = rng.integers(0, 2**20, 300)
    b = rng.integers(0, 2**20, 250)
    ok = np.array_equal(poly_mul(a, b), schoolbook(a.tolist(), b.tolist()))
    print("EVAL-RESULT:", "agree" if ok else "differ")
