# eval-label: clean
# eval-why: Integer neighbour counts with method='direct' are exact, so the exact comparison is sound.
import numpy as np
from scipy import signal

NEIGH = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]])


def step(board):
    n = signal.convolve(board, NEIGH, mode="same", method="direct")
    return ((n == 3) | ((board == 1) & (n == 2))).astype(int)


rng = np.random.default_rng(0)
board = rng.integers(0, 2, size=(48, 48))
fast = step(board)
n = np.zeros_like(board)
padded = np.pad(board, 1)
for dr in (-1, 0, 1):
    for dc in (-1, 0, 1):
        if dr or dc:
            n += padded[1 + dr:1 + dr + 48, 1 + dc:1 + dc + 48]
slow = ((n == 3) | ((board == 1) & (n == 2))).astype(int)
print("EVAL-RESULT:", "agree" if np.array_equal(fast, slow) else "differ")
