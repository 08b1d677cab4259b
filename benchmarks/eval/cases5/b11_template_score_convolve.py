# eval-label: buggy
# eval-expect: CNV201@18
# eval-why: The docstring defines a cross-correlation score, but signal.convolve flips the marker.
# eval-fix: score = signal.convolve(p, t, mode="valid") => score = signal.correlate(p, t, mode="valid")
"""Locate a fiducial marker on a PCB photo by cross-correlation."""
import numpy as np
from scipy import signal


def find_marker(photo, marker):
    """Return the (row, col) of the best match.

    The score map is the cross-correlation of the zero-mean photo with the
    zero-mean marker: score[r, c] = sum_mn photo[r + m, c + n] * marker[m, n].
    """
    p = photo - photo.mean()
    t = marker - marker.mean()
    score = signal.convolve(p, t, mode="valid")
    r, c = np.unravel_index(np.argmax(score), score.shape)
    return int(r), int(c)


def make_scene(rng, marker, at):
    scene = rng.normal(scale=0.05, size=(40, 50))
    r, c = at
    scene[r:r + marker.shape[0], c:c + marker.shape[1]] += marker
    return scene


if __name__ == "__main__":
    rng = np.random.default_rng(2024)
    marker = np.zeros((7, 7))
    marker[0, :] = 1.0
    marker[:, 0] = 1.0
    marker[3, 3] = 2.0
    at = (12, 30)
    found = find_marker(make_scene(rng, marker, at), marker)
    print("found", found, "expected", at)
    print("EVAL-RESULT:", "agree" if found == at else "differ")
