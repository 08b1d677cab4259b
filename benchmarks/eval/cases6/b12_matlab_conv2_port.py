# eval-label: buggy
# eval-expect: CNV204@35
# eval-why: a port of MATLAB conv2 uses cv2.filter2D, which correlates, with the asymmetric Kirsch kernel; the test against convolve2d exposes the mirrored response
# eval-fix: cv2.filter2D(I, -1, K, borderType => cv2.filter2D(I, -1, cv2.flip(K, -1), borderType
"""Port of the lab's MATLAB feature code (feat_edges.m) to Python.

    E = conv2(I, K, 'same');      % MATLAB, one line per compass direction
"""

import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d

try:
    import cv2
except ImportError:  # no OpenCV on the CI image: the same arithmetic as filter2D, zero border

    class cv2:  # noqa: N801
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):  # noqa: N802
            return ndimage.correlate(src, kernel, mode="constant")

        @staticmethod
        def flip(a, code):
            return np.flip(a) if code == -1 else np.flip(a, axis=1 - code)


KIRSCH_N = np.array([[5, 5, 5], [-3, 0, -3], [-3, -3, -3]], dtype=np.float64)


def conv2_same(I, K):  # noqa: E741
    """MATLAB conv2(I, K, 'same') with OpenCV (fast path)."""
    return cv2.filter2D(I, -1, K, borderType=cv2.BORDER_CONSTANT)


def compass_edges(I, kernels):  # noqa: E741
    return np.max([conv2_same(I, k) for k in kernels], axis=0)


if __name__ == "__main__":
    rng = np.random.default_rng(13)
    img = rng.random((20, 24))
    kernels = [np.rot90(KIRSCH_N, q) for q in range(4)]
    print("edge map max:", round(float(compass_edges(img, kernels).max()), 3))
    ours = conv2_same(img, KIRSCH_N)
    matlab = convolve2d(img, KIRSCH_N, mode="same")  # what conv2 returns
    print("EVAL-RESULT:", "agree" if np.allclose(ours, matlab) else "differ")
