# eval-label: clean
# eval-why: an even 2x2 box filter in ndimage is given origin=-1 so its 'same' anchor matches signal.correlate2d
import numpy as np
from scipy import ndimage, signal

box2 = np.full((2, 2), 0.25)


def downsample_prefilter(img):
    # ndimage anchors even kernels at m//2; shift by one to match scipy.signal
    return ndimage.correlate(img, box2, mode="constant", origin=-1)


img = np.random.default_rng(42).random((12, 12))
a = downsample_prefilter(img)
b = signal.correlate2d(img, box2, mode="same")
print("EVAL-RESULT:", "agree" if np.allclose(a, b) else "differ")
