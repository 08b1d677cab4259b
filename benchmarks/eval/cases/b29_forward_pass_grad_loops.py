# eval-label: buggy
# eval-expect: CNV206@23
# eval-why: forward_pass is a window-sum cross-correlation, so dW is correlate2d(x, g, 'valid'); grad() uses convolve2d, the 180-degree rotation of it.
# eval-fix: convolve2d(self.inp, upstream, mode="valid") => convolve2d(self.inp, upstream[::-1, ::-1], mode="valid")
import numpy as np
from scipy.signal import convolve2d


class FilterUnit:
    def __init__(self, kernel):
        self.kernel = np.array(kernel, dtype=float)

    def forward_pass(self, x):
        self.inp = x
        kh, kw = self.kernel.shape
        out = np.zeros((x.shape[0] - kh + 1, x.shape[1] - kw + 1))
        for i in range(out.shape[0]):
            for j in range(out.shape[1]):
                out[i, j] = np.sum(x[i : i + kh, j : j + kw] * self.kernel)
        return out

    def grad(self, upstream):
        return convolve2d(self.inp, upstream, mode="valid")


if __name__ == "__main__":
    rng = np.random.default_rng(6)
    unit = FilterUnit(rng.normal(size=(3, 3)))
    x = rng.normal(size=(6, 6))
    up = rng.normal(size=(4, 4))
    unit.forward_pass(x)
    dW = unit.grad(up)
    num = np.zeros((3, 3))
    for idx in np.ndindex(3, 3):
        old = unit.kernel[idx]
        unit.kernel[idx] = old + 1e-6
        a = (unit.forward_pass(x) * up).sum()
        unit.kernel[idx] = old - 1e-6
        b = (unit.forward_pass(x) * up).sum()
        unit.kernel[idx] = old
        num[idx] = (a - b) / 2e-6
    ok = np.allclose(dW, num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
