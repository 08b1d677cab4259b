# eval-label: buggy
# eval-expect: CNV301@13
# eval-why: kernel[::-1] reverses only the rows; a convolution needs both axes reversed.
# eval-fix: flipped = kernel[::-1]  # flip the kernel => flipped = kernel[::-1, ::-1]  # flip the kernel
# CS 4640 -- Homework 2, problem 3: implement 2-D convolution from scratch.
# "Convolution = flip the kernel, then slide it over the zero-padded image."
import numpy as np
from scipy import signal


def my_conv2d(image, kernel):
    kh, kw = kernel.shape
    flipped = kernel[::-1]  # flip the kernel
    padded = np.pad(image, ((kh - 1, kh - 1), (kw - 1, kw - 1)), mode="constant")
    out_h = image.shape[0] + kh - 1
    out_w = image.shape[1] + kw - 1
    result = np.zeros((out_h, out_w))
    for r in range(out_h):
        for c in range(out_w):
            result[r, c] = np.sum(padded[r:r + kh, c:c + kw] * flipped)
    return result


def main():
    img = np.arange(30, dtype=float).reshape(5, 6) % 7
    emboss = np.array([[-2.0, -1.0, 0.0], [-1.0, 1.0, 1.0], [0.0, 1.0, 2.0]])
    mine = my_conv2d(img, emboss)
    ref = signal.convolve2d(img, emboss, mode="full")
    print("mine:\n", mine[:2])
    print("scipy:\n", ref[:2])
    same = np.allclose(mine, ref)
    print("Test passed!" if same else "Test FAILED")
    print("EVAL-RESULT:", "agree" if same else "differ")


main()
