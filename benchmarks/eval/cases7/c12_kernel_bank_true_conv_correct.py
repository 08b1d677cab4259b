# eval-label: clean
# eval-why: the bank convolves forward, so the input gradient correlates with each kernel and each kernel gradient is the 180-degree rotation of correlate2d(x, dy); finite differences agree
"""A bank of learnable deblurring filters applied with a true convolution."""
from typing import List

import numpy as np
from scipy.signal import convolve2d, correlate2d


class FilterBank:
    def __init__(self, kernels: List[np.ndarray]):
        self.K = [np.array(k, dtype=float) for k in kernels]
        self.x = None
        self.dK: List[np.ndarray] = []

    def forward(self, x):
        self.x = x
        return list(map(lambda k: convolve2d(x, k, "valid"), self.K))

    def backward(self, dy):
        dx = sum(correlate2d(d, k, "full") for d, k in zip(dy, self.K))
        self.dK = [np.rot90(correlate2d(self.x, d, "valid"), 2) for d in dy]
        return dx


def objective(bank, x, targets):
    return 0.5 * sum(float(((y - t) ** 2).sum()) for y, t in zip(bank.forward(x), targets))


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    bank = FilterBank([rng.standard_normal((3, 3)), rng.standard_normal((2, 3))])
    x = rng.standard_normal((10, 10))
    targets = [rng.standard_normal(y.shape) for y in bank.forward(x)]
    dx = bank.backward([y - t for y, t in zip(bank.forward(x), targets)])
    ok = True
    for b, k in enumerate(bank.K):
        num = np.zeros_like(k)
        for idx in np.ndindex(k.shape):
            k[idx] += 1e-6; up = objective(bank, x, targets)
            k[idx] -= 2e-6; down = objective(bank, x, targets)
            k[idx] += 1e-6
            num[idx] = (up - down) / 2e-6
        ok &= np.allclose(bank.dK[b], num, atol=1e-5)
    ndx = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += 1e-6; up = objective(bank, x, targets)
        x[idx] -= 2e-6; down = objective(bank, x, targets)
        x[idx] += 1e-6
        ndx[idx] = (up - down) / 2e-6
    bank.forward(x)
    ok &= np.allclose(dx, ndx, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
