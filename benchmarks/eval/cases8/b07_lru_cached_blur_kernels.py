# eval-label: buggy
# eval-expect: CNV203@28|33
# eval-why: the cached builder rotates the comet-shaped blur kernel 180 degrees "for convolution" and the result then goes to fftconvolve, which rotates it again, so the documented blur is a correlation
# eval-fix: return np.rot90(kern, 2) => return kern
"""Camera-shake augmentation: blur kernels are expensive to draw, so cache them."""
import functools

import numpy as np
from scipy import signal

__all__ = ["shake_kernel", "apply_shake", "ShakeAugment"]


def _draw_path(length, size):
    """Rasterise a shake path that starts bright and fades (a comet)."""
    kern = np.zeros((size, size))
    c = size // 2
    for t in range(length):
        kern[c + t // 3, c + t] += np.exp(-t / 2.0)
    return kern / kern.sum()


@functools.lru_cache(maxsize=64)
def shake_kernel(length, size=9):
    """Blur kernel for a shake of ``length`` px, ready for the convolution."""
    kern = _draw_path(length, size)
    # flip once here so callers don't have to
    return np.rot90(kern, 2)


def apply_shake(img, length):
    """Blur ``img``: convolve it with the cached shake kernel."""
    return signal.fftconvolve(img, shake_kernel(length), mode="same")


class ShakeAugment:
    """Random shake augmentation for a data loader."""

    def __init__(self, lengths=(2, 3, 4), seed=0):
        self.lengths = lengths
        self.rng = np.random.default_rng(seed)

    def __call__(self, img):
        length = int(self.rng.choice(self.lengths))
        return apply_shake(img, length), length

    def cache_info(self):
        return shake_kernel.cache_info()


aug = ShakeAugment(lengths=(4,))
frame = np.zeros((25, 25))
frame[12, 12] = 1.0
blurred, used = aug(frame)
drawn = _draw_path(used, 9)
expected = np.zeros_like(frame)
expected[8:17, 8:17] = drawn          # a point spreads into the drawn path
print(aug.cache_info())
print("EVAL-RESULT:", "agree" if np.allclose(blurred, expected, atol=1e-12) else "differ")
