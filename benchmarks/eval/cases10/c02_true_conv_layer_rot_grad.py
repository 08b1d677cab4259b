# eval-label: clean
# eval-why: a consistent true-convolution layer: input gradient is the full correlation with the kernel, kernel gradient is the 180-degree rotation of the valid correlation of input and upstream gradient; finite differences agree.
"""Blur-kernel estimator: learns k such that signal.convolve(sharp, k) matches the blurry frame."""
import numpy as np
from scipy import signal


class BlurModel:
    def __init__(self, size=5, seed=0):
        self.k = np.random.default_rng(seed).random((size, size))
        self.k /= self.k.sum()

    def forward(self, sharp):
        self.sharp = sharp
        return signal.convolve(sharp, self.k, mode="valid")

    def backward(self, resid):
        d_sharp = signal.correlate(resid, self.k, mode="full")
        self.dk = np.rot90(signal.correlate(self.sharp, resid, mode="valid"), 2)
        return d_sharp

    def fit(self, sharp, blurry, lr=0.05, n_iter=200):
        """Gradient descent on the kernel only, kept normalised and non-negative."""
        for _ in range(n_iter):
            self.backward(self.forward(sharp) - blurry)
            self.k = np.clip(self.k - lr * self.dk, 0.0, None)
            self.k /= self.k.sum()
        return self.k


rng = np.random.default_rng(12)
model = BlurModel()
sharp = rng.random((12, 11))
blurry = rng.random((8, 7))

def loss():
    return 0.5 * float(np.sum((model.forward(sharp) - blurry) ** 2))

resid = model.forward(sharp) - blurry
d_sharp = model.backward(resid)

ok = True
for arr, grad in ((sharp, d_sharp), (model.k, model.dk)):
    num = np.zeros_like(arr)
    for idx in np.ndindex(arr.shape):
        v = arr[idx]
        arr[idx] = v + 1e-6; lp = loss()
        arr[idx] = v - 1e-6; lm = loss()
        arr[idx] = v
        num[idx] = (lp - lm) / 2e-6
    ok = ok and np.allclose(grad, num, atol=1e-5)
print("EVAL-RESULT:", "agree" if ok else "differ")
