# eval-label: clean
# eval-why: the hand-rolled convolution rotates the kernel by 180 degrees before the window sum, so it matches convolve2d
import numpy as np
from scipy.signal import convolve2d


def conv_valid(X, K):
    Kf = K[::-1, ::-1]
    kh, kw = K.shape
    H, W = X.shape
    Y = np.zeros((H - kh + 1, W - kw + 1), dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + kh, j:j + kw] * Kf).sum()
    return Y


X = np.random.randint(5, size=(10, 10))
K = np.random.randint(5, size=(3, 3))
Y = conv_valid(X, K)
Y_ref = convolve2d(X, K, "valid")
print("EVAL-RESULT:", "agree" if np.array_equal(Y, Y_ref) else "differ")
