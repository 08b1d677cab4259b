# eval-label: buggy
# eval-expect: CNV301@12
# eval-why: np.flipud reverses only the rows; the window sum needs the kernel rotated on both axes to equal convolve2d
# eval-fix: np.flipud(k) => np.flipud(np.fliplr(k))
import numpy as np
from scipy.signal import convolve2d

img = np.arange(48, dtype=float).reshape(6, 8) ** 1.3
k = np.array([[1, 2, 3], [0, 0, 0], [-1, -2, -4]], dtype=float)

# convolution = flip the kernel, then slide it
k_flipped = np.flipud(k)
out = np.zeros((4, 6))
for r in range(4):
    for c in range(6):
        out[r, c] = (img[r:r + 3, c:c + 3] * k_flipped).sum()

ref = convolve2d(img, k, mode="valid")
print(np.round(out - ref, 3)[0])
print("EVAL-RESULT:", "agree" if np.allclose(out, ref) else "differ")
