# eval-label: buggy
# eval-expect: CNV101@16|19
# eval-why: the class's window method multiplies by self.kernel unflipped, and its self-check compares with convolve2d of the same kernel.
# eval-fix: (window * self.kernel).sum() => (window * self.kernel[::-1, ::-1]).sum()
import numpy as np
from scipy.signal import convolve2d


class SlidingFilter:
    def __init__(self, kernel):
        self.kernel = np.asarray(kernel, dtype=float)
        self.kh, self.kw = self.kernel.shape

    def value_at(self, image, i, j):
        window = image[i : i + self.kh, j : j + self.kw]
        return (window * self.kernel).sum()

    def self_check(self, image):
        full = convolve2d(image, self.kernel, "valid")
        for i in range(full.shape[0]):
            for j in range(full.shape[1]):
                if abs(self.value_at(image, i, j) - full[i, j]) > 1e-9:
                    return False
        return True


if __name__ == "__main__":
    f = SlidingFilter([[1, 0, -1], [2, 0, -2], [0, 0, 1]])
    image = np.random.default_rng(2).random((9, 9))
    print("EVAL-RESULT:", "agree" if f.self_check(image) else "differ")
