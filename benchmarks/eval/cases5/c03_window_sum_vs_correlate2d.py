# eval-label: clean
# eval-why: The window sum is a correlation and is compared with correlate2d, the same operation.
"""Lab 3 filtering, checked against SciPy's correlation."""
import numpy as np
from scipy.signal import correlate2d

KERNELS = {
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float),
    "shift": np.array([[0, 0, 0], [0, 0, 0], [0, 1, 0]], dtype=float),
}


def apply(img, k):
    p = k.shape[0] // 2
    padded = np.pad(img, p)
    out = np.empty(img.shape)
    for y in range(img.shape[0]):
        for x in range(img.shape[1]):
            out[y, x] = (padded[y:y + k.shape[0], x:x + k.shape[1]] * k).sum()
    return out


rng = np.random.default_rng(1)
img = rng.random((10, 13))
oks = []
for name, k in KERNELS.items():
    mine = apply(img, k)
    ref = correlate2d(img, k, mode="same")
    oks.append(np.allclose(mine, ref))
    print(name, oks[-1])
print("EVAL-RESULT:", "agree" if all(oks) else "differ")
