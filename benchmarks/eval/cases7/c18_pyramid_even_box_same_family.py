# eval-label: clean
# eval-why: the even 2x2 box goes through convolve2d and signal.convolve in 'same' mode, which anchor even kernels the same way, so the two back-ends agree exactly
"""Anti-aliasing pre-filter for the 2x pyramid: direct and FFT back-ends."""
import numpy as np
from scipy import signal
from scipy.signal import convolve2d

box = np.ones((2, 2)) / 4.0


def pyramid(img, levels, prefilter):
    out = [img]
    for _ in range(levels - 1):
        img = prefilter(img)[::2, ::2]
        out.append(img)
    return out


direct = lambda im: convolve2d(im, box, mode="same")
viafft = lambda im: signal.convolve(im, box, mode="same", method="fft")

img = np.random.default_rng(0).random((16, 16))
a, b = pyramid(img, 3, direct), pyramid(img, 3, viafft)
print("EVAL-RESULT:", "agree" if all(np.allclose(x, y) for x, y in zip(a, b)) else "differ")
