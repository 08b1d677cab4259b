# eval-label: buggy
# eval-expect: CNV402@12|16
# eval-why: a 4x4 box filter in 'same' mode is compared between ndimage.correlate (anchor m//2) and signal.correlate2d (anchor (m-1)//2): a one-pixel shift
# eval-fix: mode="constant") => mode="constant", origin=-1)
import numpy as np
from scipy import ndimage, signal

box = np.ones((4, 4)) / 16.0


def smooth_fast(img):
    return ndimage.correlate(img, box, mode="constant")


def smooth_reference(img):
    return signal.correlate2d(img, box, mode="same")


img = np.random.default_rng(25).random((20, 20))
a, b = smooth_fast(img), smooth_reference(img)
print("max diff:", np.abs(a - b).max())
print("EVAL-RESULT:", "agree" if np.allclose(a, b) else "differ")
