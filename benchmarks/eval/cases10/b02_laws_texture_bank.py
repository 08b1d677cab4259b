# eval-label: buggy
# eval-expect: CNV101@56|44|57
# eval-why: LawsBank.response slides the mask as written (np.vdot of window and mask, a cross-correlation) but the regression check compares it with fftconvolve of the same antisymmetric E5L5 mask.
# eval-fix: signal.fftconvolve(img, bank.masks[name], mode="valid") => signal.fftconvolve(img, bank.masks[name][::-1, ::-1], mode="valid")
"""Laws texture-energy features for the fabric-defect classifier.

Masks are outer products of the classic 1-D vectors (L5 level, E5 edge, S5 spot,
R5 ripple).  ``response`` is the raw filter output; ``energy`` is the usual
absolute-value average over a macro window.
"""
import logging

import numpy as np
from scipy import ndimage, signal

log = logging.getLogger("fabric.laws")

VECTORS = {
    "L5": [1, 4, 6, 4, 1],
    "E5": [-1, -2, 0, 2, 1],
    "S5": [-1, 0, 2, 0, -1],
    "R5": [1, -4, 6, -4, 1],
}


class LawsBank:
    """A bank of 5x5 Laws masks, keyed like 'E5L5'."""

    def __init__(self, pairs=("E5L5", "L5E5", "S5S5", "R5R5")):
        self.masks = {}
        for p in pairs:
            a, b = p[:2], p[2:]
            self.masks[p] = np.outer(VECTORS[a], VECTORS[b]).astype(float)

    def response(self, img, name):
        mask = self.masks[name]
        m, n = mask.shape
        rows, cols = img.shape[0] - m + 1, img.shape[1] - n + 1
        out = np.empty((rows, cols))
        i = 0
        while i < rows:
            for j in range(cols):
                win = img[i:i + m, j:j + n]
                out[i, j] = np.vdot(win, mask)
            i += 1
        return out

    def energy(self, img, name, macro=15):
        resp = self.response(img - ndimage.uniform_filter(img, macro), name)
        return ndimage.uniform_filter(np.abs(resp), macro)


def regression_check(bank, img, name="E5L5"):
    """The loop must match the fast scipy path used in production."""
    mine = bank.response(img, name)
    ref = signal.fftconvolve(img, bank.masks[name], mode="valid")
    gap = float(np.max(np.abs(mine - ref)))
    log.info("%s: max gap %.3g", name, gap)
    return gap


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    swatch = np.random.default_rng(5).random((28, 28))
    bank = LawsBank()
    gap = regression_check(bank, swatch)
    print("EVAL-RESULT:", "agree" if gap < 1e-9 else "differ")
