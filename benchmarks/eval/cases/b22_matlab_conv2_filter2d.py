# eval-label: buggy
# eval-expect: CNV204@16
# eval-why: a port of MATLAB conv2 is built on cv2.filter2D, which is a cross-correlation, and the kernel is not flipped.
# eval-fix: -1, B, borderType => -1, B[::-1, ::-1].copy(), borderType
import cv2
import numpy as np
from scipy.signal import convolve2d


def conv2(A, B, shape="same"):
    """Python port of MATLAB's conv2(A, B, 'same') (zero padding)."""
    if shape != "same":
        raise ValueError(f"shape must be 'same', got {shape!r}")
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    return cv2.filter2D(A, -1, B, borderType=cv2.BORDER_CONSTANT)


if __name__ == "__main__":
    A = np.random.default_rng(3).random((10, 12))
    B = np.array([[1, 2, 3, 4, 5]], dtype=float)  # asymmetric 1x5 smoothing ramp
    ok = np.allclose(conv2(A, B), convolve2d(A, B, "same"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
