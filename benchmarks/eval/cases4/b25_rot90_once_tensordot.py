# eval-label: buggy
# eval-expect: CNV303@11
# eval-why: a single np.rot90 is a quarter turn, not the 180-degree flip that makes the padded window sum equal ndimage.convolve
# eval-fix: np.rot90(kern) => np.rot90(kern, 2)
import numpy as np
from scipy import ndimage

img = np.random.default_rng(12).random((10, 10))
kern = np.array([[0.0, 1.0, 2.0], [-1.0, 0.0, 1.0], [-2.0, -1.0, 0.0]])

kr = np.rot90(kern)  # flip the kernel so the window sum is a real convolution
pad = np.pad(img, 1)
out = np.empty_like(img)
for i in range(img.shape[0]):
    for j in range(img.shape[1]):
        out[i, j] = np.tensordot(pad[i:i + 3, j:j + 3], kr)
expect = ndimage.convolve(img, kern, mode="constant")
print(out[0, :3], expect[0, :3])
print("EVAL-RESULT:", "agree" if np.allclose(out, expect) else "differ")
