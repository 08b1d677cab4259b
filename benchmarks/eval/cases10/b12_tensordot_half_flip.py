# eval-label: buggy
# eval-expect: CNV301@24|29,CNV206@29
# eval-why: the input gradient of a correlating layer is the full correlation of the upstream gradient with the kernel rotated 180 degrees over both spatial axes; w[..., ::-1, :] reverses only the rows.
# eval-fix: w_flip = w[..., ::-1, :] => w_flip = w[..., ::-1, ::-1]
"""Window/tensordot convolution layer (no scipy in the inner loop), channels-first (C, H, W) maps."""
import numpy as np


def forward_xcorr(x, w):
    """y[o, i, j] = sum_{c, m, n} x[c, i + m, j + n] * w[o, c, m, n]."""
    c_out, c_in, kh, kw = w.shape
    oh, ow = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    y = np.empty((c_out, oh, ow))
    for i in range(oh):
        for j in range(ow):
            y[:, i, j] = np.tensordot(w, x[:, i:i + kh, j:j + kw], axes=([1, 2, 3], [0, 1, 2]))
    return y


def grad_input(gy, w):
    """dL/dx: pad the upstream gradient, then correlate with the flipped kernels."""
    c_out, c_in, kh, kw = w.shape
    gp = np.pad(gy, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
    w_flip = w[..., ::-1, :]
    h, wd = gp.shape[1] - kh + 1, gp.shape[2] - kw + 1
    gx = np.empty((c_in, h, wd))
    for r in range(h):
        for s in range(wd):
            gx[:, r, s] = np.tensordot(gp[:, r:r + kh, s:s + kw], w_flip, axes=([0, 1, 2], [0, 2, 3]))
    return gx


def grad_weight(x, gy, kh, kw):
    c_out = gy.shape[0]
    gw = np.empty((c_out, x.shape[0], kh, kw))
    for m in range(kh):
        for n in range(kw):
            patch = x[:, m:m + gy.shape[1], n:n + gy.shape[2]]
            gw[:, :, m, n] = np.tensordot(gy, patch, axes=([1, 2], [1, 2]))
    return gw


def sgd_update(w, gw, lr=0.05, weight_decay=1e-4):
    return w - lr * (gw + weight_decay * w)


rng = np.random.default_rng(30)
x = rng.normal(size=(2, 6, 6))
w = rng.normal(size=(3, 2, 3, 3))
gy = rng.normal(size=(3, 4, 4))
gx = grad_input(gy, w)

num = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = 1e-6
    num[idx] = np.sum(gy * (forward_xcorr(x + e, w) - forward_xcorr(x - e, w))) / 2e-6
gw_ok = np.allclose(grad_weight(x, gy, 3, 3)[0, 0, 0, 0], np.sum(gy[0] * x[0, :4, :4]))
print("EVAL-RESULT:", "agree" if np.allclose(gx, num, atol=1e-5) and gw_ok else "differ")
