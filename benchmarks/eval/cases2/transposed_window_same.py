# eval-label: buggy
# eval-expect: CNV302@17
# eval-why: the window is transposed (window.T) to "flip" it before the product with the kernel; a transpose is not a 180-degree rotation, checked against convolve2d 'same'
# eval-fix: np.sum(window.T * kernel) => np.sum(window[::-1, ::-1] * kernel)
import numpy as np
import scipy.signal as sig


def conv2d_same(img, kernel):
    kh, kw = kernel.shape
    padded = np.pad(img, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    out = np.zeros(img.shape)
    for i in range(img.shape[0]):
        for j in range(img.shape[1]):
            window = padded[i:i + kh, j:j + kw]
            # flip the window so this is a real convolution, not a correlation
            out[i, j] = np.sum(window.T * kernel)
    return out


img = np.random.default_rng(19).integers(0, 10, (8, 8)).astype(float)
kernel = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [-1.0, 0.0, 1.0]])
mine = conv2d_same(img, kernel)
print("EVAL-RESULT:", "agree" if np.allclose(mine, sig.convolve2d(img, kernel, mode="same")) else "differ")
