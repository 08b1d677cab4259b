# eval-label: buggy
# eval-expect: CNV203@14|15
# eval-why: the author flips the kernel "as convolution requires" and then calls convolve2d, which flips it again, so the documented convolution is a correlation.
# eval-fix: flipped = np.flip(kernel) => flipped = kernel
import numpy as np
from scipy.signal import convolve2d


def convolve_image(img, kernel):
    """True 2-D convolution: flip the kernel, then slide it over the image.

    out[i, j] = sum_{m, n} img[i - m, j - n] * kernel[m, n]   ('full' output)
    """
    flipped = np.flip(kernel)
    return convolve2d(img, flipped, mode="full")


def convolve_loops(img, kernel):
    H, W = img.shape
    kh, kw = kernel.shape
    out = np.zeros((H + kh - 1, W + kw - 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            for m in range(kh):
                for n in range(kw):
                    if 0 <= i - m < H and 0 <= j - n < W:
                        out[i, j] += img[i - m, j - n] * kernel[m, n]
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    img = rng.integers(0, 5, size=(6, 7)).astype(float)
    kernel = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.0]])
    ok = np.allclose(convolve_image(img, kernel), convolve_loops(img, kernel))
    print("EVAL-RESULT:", "agree" if ok else "differ")
