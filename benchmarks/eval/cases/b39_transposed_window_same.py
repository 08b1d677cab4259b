# eval-label: buggy
# eval-expect: CNV302@17|24
# eval-why: the loop multiplies the transposed window by the kernel to emulate convolve2d's flip; a transpose is not a 180-degree rotation.
# eval-fix: tmp.T * kernel => tmp * kernel[::-1, ::-1]
import numpy as np
import scipy.signal as sig


def my_conv2d_same(image, kernel):
    k = kernel.shape[0]
    p = k // 2
    padded = np.pad(image, p)
    out = np.zeros(image.shape)
    for i in range(image.shape[0]):
        for j in range(image.shape[1]):
            tmp = padded[i : i + k, j : j + k]
            out[i, j] = np.sum(tmp.T * kernel)
    return out


if __name__ == "__main__":
    image = np.random.default_rng(8).random((7, 7))
    kernel = np.array([[1.0, 0.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, -1.0]])
    ok = np.allclose(my_conv2d_same(image, kernel), sig.convolve2d(image, kernel, mode="same"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
