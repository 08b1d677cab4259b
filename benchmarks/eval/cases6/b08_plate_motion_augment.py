# eval-label: buggy
# eval-expect: CNV202@22
# eval-why: the augmentation documents a physical motion blur (convolve with the motion PSF), but ndimage.correlate smears the one-sided PSF the wrong way
# eval-fix: ndimage.correlate(img, k, mode="constant") => ndimage.convolve(img, k, mode="constant")
"""Data augmentation for the licence-plate OCR training set."""

import numpy as np
from scipy import ndimage


def motion_kernel(length, direction="right"):
    """One-sided motion PSF: the plate moved `length` pixels while the shutter was open."""
    k = np.zeros((1, 2 * length - 1))
    k[0, length - 1 :] = np.linspace(1.0, 0.3, length)  # brighter where the exposure started
    if direction == "left":
        k = k[:, ::-1]
    return k / k.sum()


def motion_blur(img, k):
    """Camera motion blur: convolve the plate with the motion PSF (dark outside the crop)."""
    return ndimage.correlate(img, k, mode="constant")


def add_noise(img, rng, sigma=0.02):
    return img + rng.normal(0.0, sigma, img.shape)


class Augmenter:
    def __init__(self, seed=0):
        self.rng = np.random.default_rng(seed)

    def __call__(self, img):
        length = int(self.rng.integers(2, 6))
        direction = "right" if self.rng.random() < 0.5 else "left"
        out = motion_blur(img, motion_kernel(length, direction))
        return add_noise(out, self.rng)


def scatter_reference(img, k):
    """Every source pixel spreads its light along the PSF, tap by tap."""
    out = np.zeros_like(img)
    kh, kw = k.shape
    ch, cw = kh // 2, kw // 2
    H, W = img.shape
    for i in range(H):
        for j in range(W):
            for a in range(kh):
                for b in range(kw):
                    ii, jj = i + a - ch, j + b - cw
                    if 0 <= ii < H and 0 <= jj < W:
                        out[ii, jj] += img[i, j] * k[a, b]
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    plate = (rng.random((12, 16)) > 0.6).astype(float)
    batch = [Augmenter(s)(plate) for s in range(3)]
    k = motion_kernel(4)
    ok = np.allclose(motion_blur(plate, k), scatter_reference(plate, k))
    print("augmented:", len(batch))
    print("EVAL-RESULT:", "agree" if ok else "differ")
