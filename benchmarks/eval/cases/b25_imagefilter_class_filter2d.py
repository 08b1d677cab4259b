# eval-label: buggy
# eval-expect: CNV204@17
# eval-why: LinearFilter.convolve documents g = f * h but delegates to cv2.filter2D with the kernel unflipped; an impulse comes back as the mirrored kernel.
# eval-fix: -1, self.h, borderType => -1, self.h[::-1, ::-1].copy(), borderType
import cv2
import numpy as np


class LinearFilter:
    """Linear shift-invariant image filter with impulse response h."""

    def __init__(self, h):
        self.h = np.asarray(h, dtype=np.float64)

    def convolve(self, f):
        """g = f * h (2-D convolution, zero boundary)."""
        return cv2.filter2D(np.asarray(f, np.float64), -1, self.h, borderType=cv2.BORDER_CONSTANT)


if __name__ == "__main__":
    h = np.array([[0.0, 0.0, 0.0], [0.0, 0.5, 0.3], [0.0, 0.0, 0.2]])
    lf = LinearFilter(h)
    impulse = np.zeros((7, 7))
    impulse[3, 3] = 1.0
    g = lf.convolve(impulse)
    ok = np.allclose(g[2:5, 2:5], h)  # impulse response of a convolution is h itself
    print("EVAL-RESULT:", "agree" if ok else "differ")
