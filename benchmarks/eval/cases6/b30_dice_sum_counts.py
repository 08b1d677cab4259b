# eval-label: buggy
# eval-expect: CNV403@22
# eval-why: fftconvolve of integer counts returns floats like 2.9999999999999996, which astype(np.int64) truncates, so the exact counts are wrong
# eval-fix: signal.fftconvolve(counts, faces) => signal.convolve(counts, faces, method="direct")
"""Exact outcome counts for sums of n fair dice (board-game balance sheet).

counts[s] = number of ways n dice sum to s + n.  Exact integers are needed:
the designers compare ratios of counts, and the sheet is checked against a
brute-force enumeration for small n.
"""

from itertools import product

import numpy as np
from scipy import signal


def sum_counts(n_dice, sides=6):
    faces = np.ones(sides, dtype=np.int64)
    counts = np.array([1], dtype=np.int64)
    for _ in range(n_dice):
        counts = signal.fftconvolve(counts, faces).astype(np.int64)
    return counts


def brute_force(n_dice, sides=6):
    out = np.zeros(n_dice * (sides - 1) + 1, dtype=np.int64)
    for roll in product(range(sides), repeat=n_dice):
        out[sum(roll)] += 1
    return out


if __name__ == "__main__":
    ok = all(np.array_equal(sum_counts(n), brute_force(n)) for n in range(1, 6))
    print("ways to roll 18 with 5 dice:", int(sum_counts(5)[18 - 5]))
    print("EVAL-RESULT:", "agree" if ok else "differ")
