# eval-label: buggy
# eval-expect: CNV403@22|23
# eval-why: fftconvolve computes the integer neighbour counts in floating point, so astype(np.int64) truncates values such as 2.9999999999999996 to 2 and the exact comparison fails
# eval-fix: fftconvolve(occupied, window, mode="same") => signal.convolve(occupied, window, mode="same", method="direct")
"""Neighbour counts for the bacterial-colony cellular automaton.

A cell divides when at least DIVIDE_AT of the 5x5 neighbourhood is occupied.
"""
import numpy as np
from scipy import signal
from scipy.signal import convolve2d, fftconvolve

DIVIDE_AT = 9


def random_plate(shape=(160, 160), density=0.35, seed=1):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 100, shape) < int(100 * density)


def neighbour_counts(occupied, window=np.ones((5, 5), dtype=np.int64)):
    counts = fftconvolve(occupied, window, mode="same")
    return counts.astype(np.int64)


def step(occupied):
    return occupied | (neighbour_counts(occupied.astype(np.int64)) >= DIVIDE_AT)


if __name__ == "__main__":
    plate = random_plate().astype(np.int64)
    fast = neighbour_counts(plate)
    exact = convolve2d(plate, np.ones((5, 5), dtype=np.int64), mode="same")
    print("occupied after one step:", int(step(plate.astype(bool)).sum()))
    print("EVAL-RESULT:", "agree" if np.array_equal(fast, exact) else "differ")
