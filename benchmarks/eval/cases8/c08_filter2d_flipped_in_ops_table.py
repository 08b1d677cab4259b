# eval-label: clean
# eval-why: the ported MATLAB conv2 step flips the kernel with cv2.flip(k, -1) before cv2.filter2D, OpenCV's recipe for a true convolution, and matches convolve2d away from the borders
import numpy as np
from scipy import ndimage, signal

try:
    import cv2
except ImportError:  # same arithmetic as OpenCV: correlation, BORDER_REFLECT_101
    class cv2:  # noqa: N801
        @staticmethod
        def filter2D(src, ddepth, kernel):
            return ndimage.correlate(src, kernel, mode="mirror")

        @staticmethod
        def flip(a, code):
            return a[::-1, ::-1] if code == -1 else (a[::-1] if code == 0 else a[:, ::-1])

# ported from unsharp.m: conv2(img, k, "same") == filter2D with the kernel flipped
OPS = {
    "conv2": lambda im, k: cv2.filter2D(im, -1, cv2.flip(k, -1)),
    "clip": lambda im, lo, hi: np.clip(im, lo, hi),
    "gain": lambda im, g: im * g,
}

relief = np.array([[2.0, 1.0, 0.0], [1.0, 1.0, -1.0], [0.0, -1.0, -2.0]]) / 1.5
rng = np.random.default_rng(11)
img = rng.uniform(0, 1, size=(20, 18))

out = OPS["conv2"](img, relief)
out = OPS["gain"](out, 2.0)
matlab = 2.0 * signal.convolve2d(img, relief, mode="same")
inner = (slice(1, -1), slice(1, -1))   # borders differ by design
print("EVAL-RESULT:", "agree" if np.allclose(out[inner], matlab[inner]) else "differ")
