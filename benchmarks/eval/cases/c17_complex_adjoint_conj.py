# eval-label: clean
# eval-why: the adjoint of complex convolution is convolution with conj(flip(h)); the dot test holds.
import numpy as np
from scipy.signal import convolve


def A(x, h):
    return convolve(x, h, mode="full")


def A_adj(y, h):
    return convolve(y, np.conj(np.flip(h)), mode="valid")


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    h = rng.normal(size=7) + 1j * rng.normal(size=7)
    x = rng.normal(size=40) + 1j * rng.normal(size=40)
    y = rng.normal(size=46) + 1j * rng.normal(size=46)
    ok = np.isclose(np.vdot(A(x, h), y), np.vdot(x, A_adj(y, h)))
    print("EVAL-RESULT:", "agree" if ok else "differ")
