# eval-label: buggy
# eval-expect: CNV101@26|36
# eval-why: ImageFilter.apply slides the kernel as written (a correlation) but is validated against scipy's convolve2d, which rotates the emboss kernel
# eval-fix: * self.k) => * self.k[::-1, ::-1])
"""Small filtering helper used by the preprocessing notebook."""
import numpy as np
from scipy.signal import convolve2d as conv


def _patch(img, r, c, h, w):
    return img[r:r + h][:, c:c + w]


class ImageFilter:
    """Apply a fixed 2-D kernel to grayscale frames ('valid' output)."""

    def __init__(self, kernel):
        self.k = np.array(kernel, dtype=np.float64)

    def apply(self, img):
        h, w = self.k.shape
        rows, cols = img.shape[0] - h + 1, img.shape[1] - w + 1
        out = np.empty((rows, cols))
        for r in range(rows):
            for c in range(cols):
                out[r, c] = np.sum(_patch(img, r, c, h, w) * self.k)
        return out


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 255, size=(12, 10)).astype(float)
    emboss = [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]
    f = ImageFilter(emboss)
    mine = f.apply(frame)
    theirs = conv(frame, f.k, "valid")
    same = np.allclose(mine, theirs)
    print("filter matches scipy:", same)
    print("EVAL-RESULT:", "agree" if same else "differ")
