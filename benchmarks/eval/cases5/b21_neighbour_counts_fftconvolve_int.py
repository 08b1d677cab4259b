# eval-label: buggy
# eval-expect: CNV403@13
# eval-why: fftconvolve returns floats like 2.9999999999999996 for integer counts; astype(int) truncates them to the wrong count.
# eval-fix: mode="same").astype(int) => mode="same").round().astype(int)
"""Game of life on a large board, neighbours counted with an FFT."""
import numpy as np
from scipy.signal import fftconvolve, convolve2d

NEIGHBOURS = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]])


def life_step(board):
    n = fftconvolve(board, NEIGHBOURS, mode="same").astype(int)
    return ((n == 3) | ((board == 1) & (n == 2))).astype(int)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    board = rng.integers(0, 2, size=(64, 64))
    fast = life_step(board)
    n_ref = convolve2d(board, NEIGHBOURS, mode="same")
    slow = ((n_ref == 3) | ((board == 1) & (n_ref == 2))).astype(int)
    print("cells that differ:", int((fast != slow).sum()))
    print("EVAL-RESULT:", "agree" if np.array_equal(fast, slow) else "differ")
