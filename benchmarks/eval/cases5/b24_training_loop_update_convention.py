# eval-label: buggy
# eval-expect: CNV206@29
# eval-why: For a convolve2d forward the kernel gradient is the 180-degree rotation of correlate2d(s, err, 'valid').
# eval-fix: g += correlate2d(s, err, mode="valid") => g += correlate2d(s, err, mode="valid")[::-1, ::-1]
import numpy as np
from scipy.signal import convolve2d, correlate2d

# Learn a blur kernel from (sharp, blurred) pairs: blurred = sharp (*) k.
rng = np.random.default_rng(3)
true_k = np.array([[0.0, 0.2, 0.0], [0.1, 0.4, 0.0], [0.0, 0.3, 0.0]])
pairs = []
for _ in range(4):
    s = rng.random((12, 12))
    pairs.append((s, convolve2d(s, true_k, mode="valid")))


def predict(sharp, k):
    return convolve2d(sharp, k, mode="valid")


def total_loss(k):
    return sum(0.5 * np.sum((predict(s, k) - b) ** 2) for s, b in pairs)


def kernel_grad(k):
    g = np.zeros_like(k)
    for s, b in pairs:
        err = predict(s, k) - b
        g += correlate2d(s, err, mode="valid")
    return g


k = np.zeros((3, 3))
g = kernel_grad(k)
num = np.zeros_like(k)
for idx in np.ndindex(k.shape):
    e = np.zeros_like(k); e[idx] = 1e-6
    num[idx] = (total_loss(k + e) - total_loss(k - e)) / 2e-6
for epoch in range(3):
    k -= 0.01 * kernel_grad(k)
    print(epoch, round(total_loss(k), 4))
print("EVAL-RESULT:", "agree" if np.allclose(g, num, atol=1e-4) else "differ")
