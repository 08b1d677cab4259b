# eval-label: buggy
# eval-expect: CNV101@11|12|14
# eval-why: a lambda's window product-sum (correlation) is checked against oaconvolve (true convolution) of the same image and kernel.
# eval-fix: np.multiply(a[i : i + 2, j : j + 2], k) => np.multiply(a[i : i + 2, j : j + 2], k[::-1, ::-1])
import numpy as np
from scipy.signal import oaconvolve

k = np.array([[3.0, 1.0], [0.0, -2.0]])
x = np.random.default_rng(42).random((30, 30))

window = lambda a, i, j: np.multiply(a[i : i + 2, j : j + 2], k).sum()
ref = oaconvolve(x, k, mode="valid")

ok = all(abs(window(x, i, j) - ref[i, j]) < 1e-12 for i in range(5) for j in range(5))
print("spot checks pass:", ok)

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if ok else "differ")
