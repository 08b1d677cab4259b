# eval-label: buggy
# eval-expect: CNV101@23|30
# eval-why: a class computes window responses with np.tensordot over self.kernel (a correlation); its test compares them with ndimage.convolve of the same asymmetric kernel
# eval-fix: expected = ndimage.convolve(frame, det.kernel, mode="constant") => expected = ndimage.correlate(frame, det.kernel, mode="constant")
import numpy as np
from scipy import ndimage


class EdgeDetector:
    """Diagonal edge detector used by the tracker."""

    def __init__(self):
        self.kernel = np.array([[2.0, 1.0, 0.0],
                                [1.0, 0.0, -1.0],
                                [0.0, -1.0, -2.0]])

    def respond(self, frame):
        self.padded = np.pad(frame, 1)
        out = np.zeros(frame.shape)
        for r in range(frame.shape[0]):
            for c in range(frame.shape[1]):
                patch = self.padded[r:r + 3, c:c + 3]
                out[r, c] = np.tensordot(patch, self.kernel)
        return out


def check_detector():
    frame = np.random.default_rng(5).random((10, 12))
    det = EdgeDetector()
    expected = ndimage.convolve(frame, det.kernel, mode="constant")
    return np.allclose(det.respond(frame), expected)


print("EVAL-RESULT:", "agree" if check_detector() else "differ")
