# eval-label: buggy
# eval-expect: CNV403@22
# eval-why: An FFT product of 22-bit integers loses exactness in float64; rounding the result does not recover the exact coefficients that are compared with array_equal.
# eval-fix: method="fft") => method="direct")
"""Exact multiplication of big polynomials with 22-bit limbs (checksum tooling).

The product is compared limb by limb with a slow pure-Python reference, so the
fast path must be bit exact.
"""
import numpy as np
from scipy import signal

LIMB_BITS = 22
N_LIMBS = 4000


def random_poly(rng, n=N_LIMBS, bits=LIMB_BITS):
    return rng.integers(0, 2**bits, size=n, dtype=np.int64)


def poly_mul(a, b):
    prod = signal.convolve(a, b, method="fft")  # direct is far too slow at this size
    return prod


def poly_mul_reference(a, b):
    exact = np.convolve(a.astype(object), b.astype(object))
    return np.array([int(v) for v in exact], dtype=np.int64)


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    a, b = random_poly(rng), random_poly(rng)
    fast, slow = poly_mul(a, b), poly_mul_reference(a, b)
    print("mismatched coefficients:", int((fast != slow).sum()))
    print("EVAL-RESULT:", "agree" if np.array_equal(fast, slow) else "differ")
