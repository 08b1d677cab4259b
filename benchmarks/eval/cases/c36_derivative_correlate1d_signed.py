# eval-label: clean
# eval-why: the taps [-1, 0, 1] are applied with ndimage.correlate1d (no flip), so the signed derivative is right-minus-left as intended.
import numpy as np
from scipy import ndimage


def rising_edges(gray, thresh=0.5):
    """Pixels where brightness increases to the right (d/dx > thresh)."""
    gx = ndimage.correlate1d(gray.astype(float), [-1.0, 0.0, 1.0], axis=1, mode="nearest")
    return gx > thresh


if __name__ == "__main__":
    ramp = np.tile(np.arange(10.0), (6, 1))
    print("EVAL-RESULT:", "agree" if rising_edges(ramp)[:, 1:-1].all() else "differ")
