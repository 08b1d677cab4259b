# eval-label: buggy
# eval-expect: CNV302@16,CNV101@16|25
# eval-why: the hand-written true convolution 'flips' each patch with .T (a transpose) instead of rotating it by 180 degrees, and is compared with convolve2d
# eval-fix: patch.T => patch[::-1, ::-1]
import numpy as np
from scipy.signal import convolve2d


def my_convolve(x, k):
    # true convolution: flip the window, then multiply elementwise
    s = k.shape[0]
    out = [[0.0] * (x.shape[1] - s + 1) for _ in range(x.shape[0] - s + 1)]
    for i in range(len(out)):
        for j in range(len(out[0])):
            patch = x[i:i + s, j:j + s]
            out[i][j] = float(np.sum(patch.T * k))
    return np.array(out)


x = np.random.RandomState(0).rand(9, 9)
k = np.array([[1.0, 0.0, 0.0],
              [2.0, 1.0, 0.0],
              [0.0, 3.0, 1.0]])
out = my_convolve(x, k)
ok = np.allclose(out, convolve2d(x, k, "valid"))
print("EVAL-RESULT:", "agree" if ok else "differ")
