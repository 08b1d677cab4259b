# eval-label: clean
# eval-why: an im2col forward (correlation) and a col2im backward that scatters dout * w back: the gradient check passes.
import numpy as np


def im2col(x, kh, kw):
    H, W = x.shape
    return np.array([x[i : i + kh, j : j + kw].ravel() for i in range(H - kh + 1) for j in range(W - kw + 1)])


def forward(x, w):
    kh, kw = w.shape
    cols = im2col(x, kh, kw)
    return (cols @ w.ravel()).reshape(x.shape[0] - kh + 1, x.shape[1] - kw + 1), cols


def backward(x, w, dout, cols):
    kh, kw = w.shape
    dw = (cols.T @ dout.ravel()).reshape(kh, kw)
    dcols = np.outer(dout.ravel(), w.ravel())
    dx = np.zeros_like(x)
    out_w = x.shape[1] - kw + 1
    for r, row in enumerate(dcols):
        i, j = divmod(r, out_w)
        dx[i : i + kh, j : j + kw] += row.reshape(kh, kw)
    return dx, dw


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    x, w = rng.normal(size=(7, 6)), rng.normal(size=(3, 2))
    y, cols = forward(x, w)
    dout = rng.normal(size=y.shape)
    dx, dw = backward(x, w, dout, cols)
    num = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        a, b = w.copy(), w.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((forward(x, a)[0] - forward(x, b)[0]) * dout).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dw, num, atol=1e-5) else "differ")
