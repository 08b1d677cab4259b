# eval-label: clean
# eval-why: Transposing image and kernel together and transposing back gives the same correlation; the .T is not a flip.
"""Line-scan camera: frames arrive column-major, so filtering runs on the
transposed frame and the result is transposed back."""
import numpy as np
from scipy.signal import correlate2d


class ColumnMajorFilter:
    def __init__(self, kernel):
        self.kernel = np.asarray(kernel, dtype=float)

    def __call__(self, frame_t):
        """frame_t is the transposed frame; returns the filtered frame (row-major)."""
        return correlate2d(frame_t, self.kernel.T, mode="same").T


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    img = rng.random((9, 13))
    k = rng.random((3, 3))
    a = ColumnMajorFilter(k)(img.T)
    b = correlate2d(img, k, mode="same")
    print("EVAL-RESULT:", "agree" if np.allclose(a, b) else "differ")
