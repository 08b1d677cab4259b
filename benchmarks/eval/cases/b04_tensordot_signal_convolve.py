# eval-label: buggy
# eval-expect: CNV101@15|20|22
# eval-why: homework conv built on tensordot multiplies each window by the kernel as written (correlation) yet is graded against signal.convolve.
# eval-fix: kernel, axes=2) => kernel[::-1, ::-1], axes=2)
import numpy as np
from scipy import signal


def my_convolution(image, kernel):
    kh, kw = kernel.shape
    H, W = image.shape
    result = np.empty((H - kh + 1, W - kw + 1))
    for row in range(H - kh + 1):
        for col in range(W - kw + 1):
            result[row, col] = np.tensordot(image[row : row + kh, col : col + kw], kernel, axes=2)
    return result


def grade(image, kernel):
    reference = signal.convolve(image, kernel, mode="valid")
    error = np.abs(my_convolution(image, kernel) - reference).max()
    return error < 1e-9


if __name__ == "__main__":
    rng = np.random.default_rng(11)
    picture = rng.uniform(0, 255, size=(16, 16))
    edge = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, -1.0], [-2.0, 1.0, -1.0]])
    passed = grade(picture, edge)
    print("passed:", passed)
    print("EVAL-RESULT:", "agree" if passed else "differ")
