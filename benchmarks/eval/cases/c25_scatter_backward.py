# eval-label: clean
# eval-why: the scatter-form gradient of a window-sum correlation adds dZ * W unflipped, which is correct; no rot180 is needed.
import numpy as np


def conv_forward(a_prev, W):
    f = W.shape[0]
    Z = np.zeros((a_prev.shape[0] - f + 1, a_prev.shape[1] - f + 1))
    for h in range(Z.shape[0]):
        for w in range(Z.shape[1]):
            Z[h, w] = np.sum(a_prev[h : h + f, w : w + f] * W)
    return Z


def conv_backward(dZ, a_prev, W):
    f = W.shape[0]
    da_prev = np.zeros_like(a_prev)
    dW = np.zeros_like(W)
    for h in range(dZ.shape[0]):
        for w in range(dZ.shape[1]):
            da_prev[h : h + f, w : w + f] += W * dZ[h, w]
            dW += a_prev[h : h + f, w : w + f] * dZ[h, w]
    return da_prev, dW


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    a, W = rng.normal(size=(6, 6)), rng.normal(size=(3, 3))
    dZ = rng.normal(size=(4, 4))
    da, dW = conv_backward(dZ, a, W)
    num = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        p, m = a.copy(), a.copy()
        p[idx] += 1e-6
        m[idx] -= 1e-6
        num[idx] = ((conv_forward(p, W) - conv_forward(m, W)) * dZ).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(da, num, atol=1e-5) else "differ")
