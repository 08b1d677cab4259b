# eval-label: clean
# eval-why: box and binomial kernels equal their own 180-degree rotation, so the window sum and convolve2d agree.
import numpy as np
from scipy.signal import convolve2d

img = np.random.default_rng(1).random((12, 12))
box = np.ones((3, 3)) / 9.0
binomial = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=float) / 16.0

checks = []
for kern in (box, binomial):
    by_hand = (img[0:3, 0:3] * kern).sum()
    lib = convolve2d(img, kern, "valid")[0, 0]
    checks.append(np.isclose(by_hand, lib))
    print(by_hand, lib)

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if all(checks) else "differ")
