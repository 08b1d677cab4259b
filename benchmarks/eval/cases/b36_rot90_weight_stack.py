# eval-label: buggy
# eval-expect: CNV301@16|17
# eval-why: np.rot90(w, 2) on an (F, C, kh, kw) weight stack rotates the filter/channel axes, not the spatial ones, so the input gradient uses unrotated, permuted kernels.
# eval-fix: np.rot90(w, 2) => np.flip(w, (2, 3))
import numpy as np
from scipy.signal import correlate2d


def forward(x, w):
    F_, C = w.shape[:2]
    return np.stack([sum(correlate2d(x[c], w[f, c], "valid") for c in range(C)) for f in range(F_)])


def backward_input(dout, w):
    F_, C = w.shape[:2]
    w_rot = np.rot90(w, 2)
    dx = [sum(correlate2d(dout[f], w_rot[f, c], "full") for f in range(F_)) for c in range(C)]
    return np.stack(dx)


if __name__ == "__main__":
    rng = np.random.default_rng(23)
    x = rng.normal(size=(2, 6, 6))
    w = rng.normal(size=(3, 2, 3, 3))
    dout = rng.normal(size=forward(x, w).shape)
    dx = backward_input(dout, w)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((forward(a, w) - forward(b, w)) * dout).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-5) else "differ")
