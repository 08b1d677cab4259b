# eval-label: buggy
# eval-expect: CNV206@15
# eval-why: conv() is an einsum correlation, so dK is the correlation of x with dy; convBack uses fftconvolve(x, dy), which rotates dy and returns dK rotated by 180 degrees.
# eval-fix: fftconvolve(x, dy, mode="valid") => fftconvolve(x, dy[::-1, ::-1], mode="valid")
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import fftconvolve


def conv(x, K):
    return np.einsum("abij,ij->ab", sliding_window_view(x, K.shape), K)


def convBack(x, K, dy):
    dK = fftconvolve(x, dy, mode="valid")
    pad = np.pad(dy, ((K.shape[0] - 1,) * 2, (K.shape[1] - 1,) * 2))
    dx = conv(pad, K[::-1, ::-1])
    return dx, dK


if __name__ == "__main__":
    rng = np.random.default_rng(10)
    x, K = rng.normal(size=(9, 8)), rng.normal(size=(3, 4))
    dy = rng.normal(size=conv(x, K).shape)
    dx, dK = convBack(x, K, dy)
    num = np.zeros_like(K)
    for idx in np.ndindex(K.shape):
        Kp, Km = K.copy(), K.copy()
        Kp[idx] += 1e-6
        Km[idx] -= 1e-6
        num[idx] = ((conv(x, Kp) - conv(x, Km)) * dy).sum() / 2e-6
    dx_num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += 1e-6
        xm[idx] -= 1e-6
        dx_num[idx] = ((conv(xp, K) - conv(xm, K)) * dy).sum() / 2e-6
    print("dx ok:", np.allclose(dx, dx_num, atol=1e-5))
    ok = np.allclose(dK, num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
