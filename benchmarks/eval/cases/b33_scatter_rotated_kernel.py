# eval-label: buggy
# eval-expect: CNV206@23
# eval-why: in scatter form the input gradient of a window-sum correlation adds g[i, j] * w as written; the code adds the rotated kernel.
# eval-fix: dy[i, j] * w[::-1, ::-1] => dy[i, j] * w
import numpy as np


def conv_forward(x, w):
    kh, kw = w.shape
    y = np.zeros((x.shape[0] - kh + 1, x.shape[1] - kw + 1))
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            y[i, j] = (x[i : i + kh, j : j + kw] * w).sum()
    return y


def conv_backward(x, w, dy):
    kh, kw = w.shape
    dx = np.zeros_like(x)
    dw = np.zeros_like(w)
    for i in range(dy.shape[0]):
        for j in range(dy.shape[1]):
            dx[i : i + kh, j : j + kw] += dy[i, j] * w[::-1, ::-1]
            dw += dy[i, j] * x[i : i + kh, j : j + kw]
    return dx, dw


if __name__ == "__main__":
    rng = np.random.default_rng(13)
    x, w = rng.normal(size=(6, 7)), rng.normal(size=(3, 3))
    dy = rng.normal(size=conv_forward(x, w).shape)
    dx, dw = conv_backward(x, w, dy)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num[idx] = ((conv_forward(a, w) - conv_forward(b, w)) * dy).sum() / 2e-6
    ok = np.allclose(dx, num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
