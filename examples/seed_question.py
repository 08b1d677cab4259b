"""The Stack Overflow question that started flake8-convflip, in Python 3.

A convnet author checked scipy's convolve2d by hand and found "wrong" values: the
hand-written window sum is a cross-correlation, convolve2d is a true convolution.
"""

import numpy as np
from scipy.signal import convolve2d

X = np.random.randint(5, size=(10, 10))
K = np.random.randint(5, size=(3, 3))
print("Input's top-left corner:")
print(X[:3, :3])
print("Kernel:")
print(K)

print("Hardcoding the calculation of a valid convolution (top-left)")
print(X[:3, :3] * K)
print("Sums to")
print((X[:3, :3] * K).sum())
print("However the top-left value of the convolve2d result")
Y = convolve2d(X, K, "valid")
print(Y[0, 0])
