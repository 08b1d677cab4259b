# eval-label: buggy
# eval-expect: CNV206@24
# eval-why: the bank filters with a true convolution, so each kernel gradient is the 180-degree rotation of correlate2d(x, dy, 'valid'); the unrotated correlation is the gradient of a correlation layer
# eval-fix: self.dK = [correlate2d(self.x, d, "valid") for d in dy] => self.dK = [correlate2d(self.x, d, "valid")[::-1, ::-1] for d in dy]
"""A bank of learnable deblurring filters applied with a true convolution."""
from typing import List

import numpy as np
from scipy.signal import convolve2d, correlate2d


class FilterBank:
    def __init__(self, kernels: List[np.ndarray]):
        self.K = [np.array(k, dtype=float) for k in kernels]
        self.x = None
        self.dK: List[np.ndarray] = []

    def forward(self, x: np.ndarray) -> List[np.ndarray]:
        self.x = x
        return list(map(lambda k: convolve2d(x, k, "valid"), self.K))

    def backward(self, dy: List[np.ndarray]) -> np.ndarray:
        dx = sum(correlate2d(d, k, "full") for d, k in zip(dy, self.K))
        self.dK = [correlate2d(self.x, d, "valid") for d in dy]
        return dx

    def sgd(self, lr: float = 1e-2) -> None:
        self.K = [k - lr * g for k, g in zip(self.K, self.dK)]


def smoothness_penalty(kernels: List[np.ndarray], weight: float = 1e-3) -> float:
    """Total variation of the kernels (keeps the learned filters smooth)."""
    return weight * sum(float(np.abs(np.diff(k, axis=0)).sum() + np.abs(np.diff(k, axis=1)).sum())
                        for k in kernels)


def train(bank: FilterBank, x: np.ndarray, targets: List[np.ndarray], steps: int = 3) -> List[float]:
    history = []
    for _ in range(steps):
        ys = bank.forward(x)
        bank.backward([y - t for y, t in zip(ys, targets)])
        bank.sgd()
        history.append(objective(bank, x, targets) + smoothness_penalty(bank.K))
    return history


def objective(bank: FilterBank, x: np.ndarray, targets: List[np.ndarray]) -> float:
    return 0.5 * sum(float(((y - t) ** 2).sum()) for y, t in zip(bank.forward(x), targets))


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    bank = FilterBank([rng.standard_normal((3, 3)), rng.standard_normal((2, 3))])
    x = rng.standard_normal((10, 10))
    targets = [rng.standard_normal(y.shape) for y in bank.forward(x)]
    ys = bank.forward(x)
    bank.backward([y - t for y, t in zip(ys, targets)])
    ok = True
    for b, k in enumerate(bank.K):
        num = np.zeros_like(k)
        for idx in np.ndindex(k.shape):
            k[idx] += 1e-6
            up = objective(bank, x, targets)
            k[idx] -= 2e-6
            down = objective(bank, x, targets)
            k[idx] += 1e-6
            num[idx] = (up - down) / 2e-6
        ok &= np.allclose(bank.dK[b], num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
