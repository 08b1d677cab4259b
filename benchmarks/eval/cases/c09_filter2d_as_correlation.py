# eval-label: clean
# eval-why: cv2.filter2D is used and documented as a correlation and compared with correlate2d for an odd kernel with zero borders.
import cv2
import numpy as np
from scipy.signal import correlate2d


def correlate_same(img, k):
    """Cross-correlation (no kernel flip), zero padding, output the size of img."""
    return cv2.filter2D(img.astype(np.float64), -1, k, borderType=cv2.BORDER_CONSTANT)


if __name__ == "__main__":
    img = np.random.default_rng(6).random((15, 13))
    k = np.array([[0.0, 1.0, 2.0], [-1.0, 0.0, 0.5], [0.0, 0.0, 3.0]])
    ok = np.allclose(correlate_same(img, k), correlate2d(img, k, "same"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
