# eval-label: clean
# eval-why: the hand-written top-left value uses the kernel rotated by 180 degrees, which is what convolve2d 'valid' computes
import numpy as np
from scipy.signal import convolve2d

X = np.random.randint(5, size=(10, 10))
K = np.random.randint(5, size=(3, 3))
print("Input's top-left corner:\n", X[:3, :3])
print("Kernel:\n", K)

# a true convolution uses the kernel reversed on both axes
by_hand = (X[:3, :3] * K[::-1, ::-1]).sum()
Y = convolve2d(X, K, "valid")
print("by hand", by_hand, "convolve2d", Y[0, 0])
print("EVAL-RESULT:", "agree" if by_hand == Y[0, 0] else "differ")
