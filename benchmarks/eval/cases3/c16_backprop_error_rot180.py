# eval-label: clean
# eval-why: the input gradient of a correlate2d layer is correlate2d(err, rot90(K, 2), 'full'), the same as convolve2d(err, K, 'full'); dot test
import numpy as np
from scipy.signal import correlate2d


class Layer:
    def __init__(self, K):
        self.K = np.asarray(K, dtype=np.float64)

    def fprop(self, a):
        self.a = a
        return correlate2d(a, self.K, "valid")

    def backprop_error(self, err):
        K180 = np.rot90(self.K, 2)
        return correlate2d(err, K180, "full")


R = np.random.default_rng(160)
L = Layer(R.integers(-4, 5, (4, 3)))
a = R.normal(size=(9, 7))
e = R.normal(size=(6, 5))
print("EVAL-RESULT:", "agree" if np.isclose(np.sum(L.fprop(a) * e), np.sum(a * L.backprop_error(e))) else "differ")
