# eval-label: buggy
# eval-expect: CNV302@11
# eval-why: np.transpose is used as the kernel flip of a hand-rolled convolution; it mirrors about the diagonal instead of rotating by 180 degrees
# eval-fix: k_flipped = np.transpose(k) => k_flipped = np.rot90(k, 2)
import numpy as np
from scipy import ndimage

k = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, -1.0], [1.0, 0.0, 0.0]])
img = np.random.default_rng(17).random((12, 12))

k_flipped = np.transpose(k)   # flip the kernel: convolution, not correlation
out = np.zeros((10, 10))
for r in range(10):
    for c in range(10):
        if (win := img[r:r + 3, c:c + 3]).size == 9:
            out[r, c] = (win * k_flipped).sum()

ref = ndimage.convolve(img, k, mode="constant")[1:-1, 1:-1]
print("EVAL-RESULT:", "agree" if np.allclose(out, ref) else "differ")
