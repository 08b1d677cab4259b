# eval-label: buggy
# eval-expect: CNV206@25
# eval-why: the kernel gradient of a correlate2d prediction is correlate2d(x, err, 'valid'); convolve2d(x, err, 'valid') is its 180-degree rotation, so the kernel is updated in the wrong orientation
# eval-fix: convolve2d(self.x_cache, err, mode="valid") => correlate2d(self.x_cache, err, mode="valid")
"""Learn an unknown 3x3 edge filter from (input, response) pairs by gradient descent."""

import numpy as np
from scipy.signal import convolve2d, correlate2d


class KernelLearner:
    def __init__(self, size=3, seed=0):
        self.k = np.random.default_rng(seed).normal(0, 0.1, (size, size))
        self.x_cache = None

    def predict(self, x):
        self.x_cache = x
        return correlate2d(x, self.k, mode="valid")

    def loss(self, x, target):
        return 0.5 * float(np.sum((correlate2d(x, self.k, mode="valid") - target) ** 2))

    def step(self, x, target, lr=0.01):
        err = self.predict(x) - target
        grad = convolve2d(self.x_cache, err, mode="valid")
        self.k -= lr * grad
        return grad


def finite_difference(learner, x, target, eps=1e-6):
    g = np.zeros_like(learner.k)
    for idx in np.ndindex(g.shape):
        old = learner.k[idx]
        learner.k[idx] = old + eps
        hi = learner.loss(x, target)
        learner.k[idx] = old - eps
        lo = learner.loss(x, target)
        learner.k[idx] = old
        g[idx] = (hi - lo) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    secret = np.array([[1.0, 0.0, -1.0], [2.0, 0.5, -2.0], [0.0, 0.0, -1.0]])
    xs = [rng.normal(size=(12, 12)) for _ in range(5)]
    ys = [correlate2d(x, secret, mode="valid") for x in xs]
    learner = KernelLearner()
    expected = finite_difference(learner, xs[0], ys[0])
    got = learner.step(xs[0], ys[0], lr=0.0)
    for x, y in zip(xs * 20, ys * 20):
        learner.step(x, y, lr=0.002)
    print("distance to secret:", round(float(np.abs(learner.k - secret).max()), 3))
    print("EVAL-RESULT:", "agree" if np.allclose(got, expected, atol=1e-5) else "differ")
