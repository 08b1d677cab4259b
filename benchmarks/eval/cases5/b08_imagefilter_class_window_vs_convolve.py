# eval-label: buggy
# eval-expect: CNV101@30|41
# eval-why: The sliding-window sum is a correlation, but it is validated against convolve2d of the unflipped kernel.
# eval-fix: ref = convolve2d(img, f.kernel, mode="same") => ref = convolve2d(img, f.kernel[::-1, ::-1], mode="same")
"""Simple image filtering toolkit (lab 3).  Filters are applied by sliding the
kernel over the zero-padded image; compare with SciPy at the bottom."""
import numpy as np
from scipy.signal import convolve2d

KERNELS = {
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
    "shift_up": np.array([[0, 0, 0], [0, 0, 0], [0, 1, 0]], dtype=float),
}


class ImageFilter:
    def __init__(self, name):
        self.name = name
        self.kernel = KERNELS[name]

    def apply(self, img):
        k = self.kernel
        p = k.shape[0] // 2
        padded = np.pad(img, p)
        out = np.empty_like(img, dtype=float)
        for y in range(img.shape[0]):
            for x in range(img.shape[1]):
                patch = padded[y:y + k.shape[0], x:x + k.shape[1]]
                out[y, x] = (patch * k).sum()
        return out


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, size=(12, 16)).astype(float)
    results = {}
    for name in KERNELS:
        f = ImageFilter(name)
        mine = f.apply(img)
        ref = convolve2d(img, f.kernel, mode="same")
        results[name] = np.allclose(mine, ref)
        print(f"{name:10s} matches scipy: {results[name]}")
    print("EVAL-RESULT:", "agree" if all(results.values()) else "differ")
