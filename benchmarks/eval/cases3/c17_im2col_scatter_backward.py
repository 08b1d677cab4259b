# eval-label: clean
# eval-why: an im2col forward (a correlation) with a scatter-add backward that puts each column gradient back where the window came from; finite-difference check
import numpy as np


def im2col(x, kh, kw):
    H, W = x.shape
    cols = [x[i:i + kh, j:j + kw].ravel() for i in range(H - kh + 1) for j in range(W - kw + 1)]
    return np.stack(cols)


def make_conv(w):
    kh, kw = w.shape
    saved = []

    def fwd(x):
        saved[:] = [x.shape]
        H, W = x.shape
        return (im2col(x, kh, kw) @ w.ravel()).reshape(H - kh + 1, W - kw + 1)

    def bwd(g):
        (H, W), = saved
        dx = np.zeros((H, W))
        dcols = np.outer(g.ravel(), w.ravel())
        for n, (i, j) in enumerate(np.ndindex(H - kh + 1, W - kw + 1)):
            dx[i:i + kh, j:j + kw] += dcols[n].reshape(kh, kw)
        return dx

    return fwd, bwd


w = np.random.default_rng(17).normal(size=(2, 3))
fwd, bwd = make_conv(w)
x = np.random.default_rng(18).normal(size=(6, 7))
g = np.random.default_rng(19).normal(size=(5, 5))
fwd(x)
dx = bwd(g)
eps = 1e-6
num = np.array([(np.sum(fwd(x + eps * e.reshape(x.shape)) * g) - np.sum(fwd(x - eps * e.reshape(x.shape)) * g)) / (2 * eps)
                for e in np.eye(x.size)]).reshape(x.shape)
print("EVAL-RESULT:", "agree" if np.allclose(num, dx, atol=1e-6) else "differ")
