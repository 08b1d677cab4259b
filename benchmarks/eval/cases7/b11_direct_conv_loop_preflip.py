# eval-label: buggy
# eval-expect: CNV203@21|13
# eval-why: the loop already uses convolution indexing x[i - m, j - n], so rotating the kernel first turns the documented direct convolution into a cross-correlation
# eval-fix: hf = h[::-1, ::-1] => hf = h
import numpy as np
from scipy.signal import convolve2d


def conv2_full(x, h):
    """Direct 2-D convolution y = x * h ('full' output), y[i, j] = sum x[i-m, j-n] h[m, n]."""
    H, W = x.shape
    kh, kw = h.shape
    hf = h[::-1, ::-1]          # convolution = flip the kernel
    y = np.zeros((H + kh - 1, W + kw - 1))
    for i in range(H + kh - 1):
        for j in range(W + kw - 1):
            acc = 0.0
            for m in range(kh):
                for n in range(kw):
                    if 0 <= i - m < H and 0 <= j - n < W:
                        acc += x[i - m, j - n] * hf[m, n]
            y[i, j] = acc
    return y


x = np.arange(30.0).reshape(5, 6) % 7
h = np.array([[1.0, -2.0], [0.0, 3.0], [5.0, 1.0]])
print("EVAL-RESULT:", "agree" if np.allclose(conv2_full(x, h), convolve2d(x, h)) else "differ")
