# eval-label: buggy
# eval-expect: CNV401@21|35
# eval-why: on complex SLC data the window sum multiplies by the chip without conjugating it, while correlate2d conjugates; the two "coherent correlations" disagree
# eval-fix: np.sum(master[i : i + h, j : j + w] * chip) => np.sum(master[i : i + h, j : j + w] * np.conj(chip))
"""Coarse co-registration of two SLC (single-look complex) radar images.

A chip of the slave image is slid over the master image; the offset with
the largest coherent cross-correlation magnitude is the coarse shift.
"""

import numpy as np
from scipy import signal


def window_match(master, chip):
    h, w = chip.shape
    H, W = master.shape
    score = np.zeros((H - h + 1, W - w + 1), dtype=complex)
    for i in range(score.shape[0]):
        for j in range(score.shape[1]):
            score[i, j] = np.sum(master[i : i + h, j : j + w] * chip)
    return score


def coarse_offset(score):
    return np.unravel_index(np.argmax(np.abs(score)), score.shape)


if __name__ == "__main__":
    rng = np.random.default_rng(33)
    amp = rng.rayleigh(1.0, (24, 24))
    master = amp * np.exp(1j * rng.uniform(-np.pi, np.pi, (24, 24)))
    chip = master[9:15, 5:11] * np.exp(1j * 0.3)  # same scatterers, phase offset
    slow = window_match(master, chip)
    fast = signal.correlate2d(master, chip, mode="valid")  # used for the full scene
    print("offset (loop):", coarse_offset(slow), " offset (scipy):", coarse_offset(fast))
    print("EVAL-RESULT:", "agree" if np.allclose(slow, fast) else "differ")
