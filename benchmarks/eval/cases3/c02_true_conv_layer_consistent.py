# eval-label: clean
# eval-why: a layer that really convolves, with the true-convolution gradients: correlate2d(dy, K, 'full') for the input and the 180-degree rotation of correlate2d(x, dy, 'valid') for the kernel
import numpy as np
from scipy.signal import convolve2d, correlate2d


class SignalConv:
    def __init__(self, K):
        self.K = np.asarray(K, dtype=float)

    def forward(self, x):
        self.x = x
        return convolve2d(x, self.K, "valid")

    def backprop_error(self, dy):
        self.dK = np.rot90(correlate2d(self.x, dy, "valid"), 2)
        return correlate2d(dy, self.K, "full")


rng = np.random.RandomState(2)
lay = SignalConv(rng.randn(3, 2))
x = rng.randn(6, 6)
dy = rng.randn(4, 5)
lay.forward(x)
dx = lay.backprop_error(dy)

u = rng.randn(*x.shape)
ok_x = np.isclose(np.sum(lay.forward(u) * dy), np.sum(u * dx))
ok_k = all(
    np.isclose(np.sum(convolve2d(x, np.eye(6)[i].reshape(3, 2), "valid") * dy), lay.dK.ravel()[i])
    for i in range(6)
)
print("EVAL-RESULT:", "agree" if ok_x and ok_k else "differ")
