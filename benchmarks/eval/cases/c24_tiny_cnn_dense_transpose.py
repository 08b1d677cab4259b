# eval-label: clean
# eval-why: a tiny network whose .T appear only in the dense layer's matrix products; the conv layer's gradients are the correct correlation pair.
import numpy as np
from scipy.signal import convolve2d, correlate2d


class TinyNet:
    def __init__(self, rng):
        self.k = rng.normal(size=(3, 3))
        self.W = rng.normal(size=(4, 16))

    def forward(self, x):
        self.x = x
        self.h = correlate2d(x, self.k, "valid")
        self.flat = self.h.reshape(-1)
        return np.dot(self.W, self.flat)

    def backward(self, dy):
        self.dW = np.outer(dy, self.flat)
        dflat = np.dot(self.W.T, dy)
        dh = dflat.reshape(self.h.shape)
        self.dk = correlate2d(self.x, dh, "valid")
        return convolve2d(dh, self.k, "full")


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    net = TinyNet(rng)
    x, dy = rng.normal(size=(6, 6)), rng.normal(size=4)
    net.forward(x)
    dx = net.backward(dy)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((net.forward(a) - net.forward(b)) @ dy) / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-5) else "differ")
