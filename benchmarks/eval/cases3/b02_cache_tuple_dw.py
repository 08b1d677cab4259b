# eval-label: buggy
# eval-expect: CNV206@18
# eval-why: forward is correlate2d, so the weight gradient is correlate2d(x, dout, 'valid'); the backward convolves x with dout, the kernel-gradient convention of a true convolution
# eval-fix: dw = signal.convolve2d(x, dout => dw = signal.correlate2d(x, dout
import numpy as np
from scipy import signal


def conv_forward(x, w, b):
    out = signal.correlate2d(x, w, mode="valid") + b
    cache = (x, w, b)
    return out, cache


def conv_backward(dout, cache):
    x, w, b = cache
    dx = signal.convolve2d(dout, w, mode="full")
    dw = signal.convolve2d(x, dout, mode="valid")
    db = dout.sum()
    return dx, dw, db


def num_grad(f, arr, h=1e-5):
    grad = np.zeros_like(arr)
    it = np.nditer(arr, flags=["multi_index"])
    while not it.finished:
        ix = it.multi_index
        old = arr[ix]
        arr[ix] = old + h
        fp = f()
        arr[ix] = old - h
        fm = f()
        arr[ix] = old
        grad[ix] = (fp - fm) / (2 * h)
        it.iternext()
    return grad


np.random.seed(231)
x = np.random.randn(7, 7)
w = np.random.randn(3, 3)
b = 0.3
dout = np.random.randn(5, 5)

_, cache = conv_forward(x, w, b)
dx, dw, db = conv_backward(dout, cache)
dw_num = num_grad(lambda: np.sum(conv_forward(x, w, b)[0] * dout), w)
dx_num = num_grad(lambda: np.sum(conv_forward(x, w, b)[0] * dout), x)

ok = np.allclose(dw, dw_num, atol=1e-6) and np.allclose(dx, dx_num, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
