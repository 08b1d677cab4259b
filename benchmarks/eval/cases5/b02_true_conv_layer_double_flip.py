# eval-label: buggy
# eval-expect: CNV206@21|20
# eval-why: convolve2d already rotates the kernel, so the textbook 'full convolution with the rotated kernel' flips twice and is a correlation, not the adjoint of the correlate2d forward.
# eval-fix: w_rot = np.rot90(w, 2) => w_rot = w
import numpy as np
from scipy import signal

# Conv layer of a denoising autoencoder (deep-learning convention: the kernel
# slides unflipped over the input).  dot-product test at the bottom.


def conv_forward(x, w):
    """y[i, j] = sum_mn x[i + m, j + n] w[m, n], 'valid' part only."""
    return signal.correlate2d(x, w, mode="valid"), (x, w)


def conv_backward(dy, cache):
    x, w = cache
    # standard recipe: full convolution of the error with the kernel rotated by 180 degrees
    w_rot = np.rot90(w, 2)
    dx = signal.convolve2d(dy, w_rot, mode="full")
    dw = signal.correlate2d(x, dy, mode="valid")
    return dx, dw


def adjoint_test(shape=(9, 7), kshape=(3, 2), seed=3):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    w = rng.standard_normal(kshape)
    y, cache = conv_forward(x, w)
    v = rng.standard_normal(y.shape)
    dx, _ = conv_backward(v, cache)
    lhs = np.vdot(y, v)
    rhs = np.vdot(x, dx)
    return lhs, rhs


if __name__ == "__main__":
    lhs, rhs = adjoint_test()
    print(f"<Ax, v> = {lhs:.6f}   <x, A^T v> = {rhs:.6f}")
    print("EVAL-RESULT:", "agree" if np.isclose(lhs, rhs) else "differ")
