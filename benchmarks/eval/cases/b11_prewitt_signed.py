# eval-label: buggy
# eval-expect: CNV201@13|14
# eval-why: the Prewitt-x mask is written in correlation orientation (right minus left) but applied with ndimage.convolve, so the sign of the derivative, which the mask `rising` uses, is reversed.
# eval-fix: PREWITT_X, mode="nearest" => PREWITT_X[:, ::-1], mode="nearest"
import numpy as np
from scipy import ndimage

PREWITT_X = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=float)


def rising_edges(gray, thresh=0.5):
    """Pixels where brightness increases to the right (d/dx > thresh)."""
    gx = ndimage.convolve(gray.astype(float), PREWITT_X, mode="nearest")
    return gx > thresh


if __name__ == "__main__":
    ramp = np.tile(np.arange(10.0), (6, 1))  # brighter to the right
    mask = rising_edges(ramp)
    expected_interior = True
    ok = bool(mask[:, 1:-1].all()) == expected_interior
    print("interior detected as rising:", bool(mask[:, 1:-1].all()))
    print("EVAL-RESULT:", "agree" if ok else "differ")
