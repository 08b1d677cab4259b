# eval-label: buggy
# eval-expect: CNV401@14
# eval-why: the adjoint of convolution with a complex h is convolution with conj(flip(h)); without the conjugate the dot test fails.
# eval-fix: np.flip(h), mode => np.conj(np.flip(h)), mode
import numpy as np
from scipy.signal import convolve


def A(x, h):
    return convolve(x, h, mode="full")


def A_adj(y, h):
    return convolve(y, np.flip(h), mode="valid")


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    h = rng.normal(size=7) + 1j * rng.normal(size=7)
    x = rng.normal(size=40) + 1j * rng.normal(size=40)
    y = rng.normal(size=46) + 1j * rng.normal(size=46)
    lhs = np.vdot(A(x, h), y)
    rhs = np.vdot(x, A_adj(y, h))
    print("<Ax, y> =", lhs, " <x, A^H y> =", rhs)
    print("EVAL-RESULT:", "agree" if np.isclose(lhs, rhs) else "differ")
