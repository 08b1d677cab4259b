# eval-label: clean
# eval-why: template matching wants a correlation; the cached builder reverses the (zero-mean) template so fftconvolve computes it, and the scores match correlate2d
import functools

import numpy as np
from scipy import signal


@functools.lru_cache(maxsize=8)
def fiducial_template(size=7):
    """Zero-mean L-shaped fiducial, reversed once so fftconvolve correlates."""
    t = np.zeros((size, size))
    t[1:-1, 1] = 1.0
    t[-2, 1:-1] = 1.0
    t -= t.mean()
    return t[::-1, ::-1]


def match_scores(board):
    return signal.fftconvolve(board, fiducial_template(), mode="valid")


rng = np.random.default_rng(4)
board = rng.normal(scale=0.2, size=(40, 40))
mark = np.zeros((7, 7))
mark[1:-1, 1] = 1.0
mark[-2, 1:-1] = 1.0
board[20:27, 9:16] += mark

scores = match_scores(board)
best = np.unravel_index(np.argmax(scores), scores.shape)
print("fiducial at", best, fiducial_template.cache_info().hits, "cache hits")
template = mark - mark.mean()
want = signal.correlate2d(board, template, mode="valid")
ok = np.allclose(scores, want) and best == (20, 9)
print("EVAL-RESULT:", "agree" if ok else "differ")
