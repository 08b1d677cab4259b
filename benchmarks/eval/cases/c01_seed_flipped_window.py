# eval-label: clean
# eval-why: the hand window uses the kernel rotated by 180 degrees, which is exactly what convolve2d computes.
import numpy as np
from scipy.signal import convolve2d

X = np.random.randint(5, size=(10, 10))
K = np.random.randint(5, size=(3, 3))
print("window with flipped kernel:", (X[:3, :3] * K[::-1, ::-1]).sum())
Y = convolve2d(X, K, "valid")
print("convolve2d top-left:", Y[0, 0])
same = (X[:3, :3] * K[::-1, ::-1]).sum() == Y[0, 0]

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if same else "differ")
