# eval-label: clean
# eval-why: template matching wants a correlation; fftconvolve with the template rotated 180 degrees computes exactly correlate2d(image, template)
"""Fiducial search on a PCB image by FFT template matching."""
import numpy as np
from scipy.signal import correlate2d, fftconvolve


def make_board(seed=14):
    rng = np.random.default_rng(seed)
    board = rng.normal(0, 0.1, (40, 48))
    mark = np.array([[0, 1, 1, 0], [1, 2, 0, 0], [1, 0, 0, -1], [0, 0, -1, -2]], float)
    board[22:26, 9:13] += mark
    return board, mark


def match(board, template):
    """Correlation score map ('valid'), computed with one FFT convolution."""
    t = template - template.mean()
    return fftconvolve(board, t[::-1, ::-1], mode="valid")


if __name__ == "__main__":
    board, mark = make_board()
    scores = match(board, mark)
    print("best match at", np.unravel_index(np.argmax(scores), scores.shape))
    ref = correlate2d(board, mark - mark.mean(), mode="valid")
    print("EVAL-RESULT:", "agree" if np.allclose(scores, ref, atol=1e-9) else "differ")
