# eval-label: buggy
# eval-expect: CNV403@30|31
# eval-why: the digit arrays are integers, but fftconvolve returns floats a hair below the exact integers, which astype(np.int64) truncates, so some products of the schoolbook-by-FFT multiplier are wrong.
# eval-fix: signal.fftconvolve(da, db) => signal.convolve(da, db, method="direct")
"""Arbitrary-precision multiply for the teaching CAS: digits in base 10**4, product by
convolution of the digit vectors, then carry propagation."""
import numpy as np
from scipy import signal

BASE = 10 ** 4


def to_digits(n):
    out = []
    while n:
        n, r = divmod(n, BASE)
        out.append(r)
    return np.array(out or [0], dtype=np.int64)        # little-endian limbs


def from_digits(d):
    total = 0
    for limb in reversed([int(v) for v in d]):
        total = total * BASE + limb
    return total


def multiply(a, b):
    da, db = to_digits(a), to_digits(b)
    raw = signal.fftconvolve(da, db)
    coeffs = raw.astype(np.int64)
    carry, limbs = 0, []
    for c in coeffs:
        carry, r = divmod(int(c) + carry, BASE)
        limbs.append(r)
    while carry:
        carry, r = divmod(carry, BASE)
        limbs.append(r)
    return from_digits(limbs)


rng = np.random.default_rng(2024)
pairs = [(int("".join(map(str, rng.integers(0, 10, 600)))) + 1,
          int("".join(map(str, rng.integers(0, 10, 550)))) + 7) for _ in range(5)]
wrong = sum(multiply(a, b) != a * b for a, b in pairs)
print(f"{wrong} of {len(pairs)} products wrong")
print("EVAL-RESULT:", "agree" if wrong == 0 else "differ")
