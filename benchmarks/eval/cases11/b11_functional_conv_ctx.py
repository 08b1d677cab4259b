# eval-label: buggy
# eval-expect: CNV206@27
# eval-why: conv_fwd is a true convolution, so its kernel gradient is the 180-degree rotation of correlate2d(xp, grad_out, 'valid'); conv_bwd returns the unrotated correlation, the kernel gradient of a correlating forward
# eval-fix: grad_w = correlate2d(xp, grad_out, mode="valid") => grad_w = correlate2d(xp, grad_out, mode="valid")[::-1, ::-1]
"""Functional 2-D convolution op (MATLAB conv2 convention) with zero padding.

    y, ctx = conv_fwd(x, w, pad)
    grad_x, grad_w = conv_bwd(ctx, grad_out)

Used by the blind-deblurring toy below, which learns a blur kernel from a
pair (sharp, blurred) by gradient descent.
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


def conv_fwd(x, w, pad=1):
    xp = np.pad(x, pad)
    y = convolve2d(xp, w, mode="valid")
    return y, (xp, w, pad)


def conv_bwd(ctx, grad_out):
    xp, w, pad = ctx
    grad_xp = correlate2d(grad_out, w, mode="full")
    grad_x = grad_xp[pad:xp.shape[0] - pad, pad:xp.shape[1] - pad]
    grad_w = correlate2d(xp, grad_out, mode="valid")
    return grad_x, grad_w


def mse(a, b):
    d = a - b
    return float((d * d).mean()), 2.0 * d / d.size


def fit_blur_kernel(sharp, blurred, k=3, steps=200, lr=0.5):
    w = np.full((k, k), 1.0 / k ** 2)
    history = []
    for _ in range(steps):
        pred, ctx = conv_fwd(sharp, w, pad=k // 2)
        loss, dpred = mse(pred, blurred)
        _, grad_w = conv_bwd(ctx, dpred)
        w -= lr * grad_w
        history.append(loss)
    return w, history


def finite_diff(f, a, eps=1e-6):
    out = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        keep = a[idx]
        a[idx] = keep + eps
        hi = f()
        a[idx] = keep - eps
        lo = f()
        a[idx] = keep
        out[idx] = (hi - lo) / (2 * eps)
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(13)
    x = rng.normal(size=(8, 9))
    w = rng.normal(size=(3, 3))
    g = rng.normal(size=(8, 9))
    y, ctx = conv_fwd(x, w)
    gx, gw = conv_bwd(ctx, g)
    loss = lambda: float((conv_fwd(x, w)[0] * g).sum())
    ok = np.allclose(gx, finite_diff(loss, x), atol=1e-5)
    ok = ok and np.allclose(gw, finite_diff(loss, w), atol=1e-5)
    true_k = np.array([[0.0, 0.1, 0.0], [0.2, 0.5, 0.0], [0.0, 0.1, 0.1]])
    sharp = rng.normal(size=(20, 20))
    learned, hist = fit_blur_kernel(sharp, conv_fwd(sharp, true_k)[0])
    print(f"loss {hist[0]:.4f} -> {hist[-1]:.4f}")
    print("EVAL-RESULT:", "agree" if ok else "differ")
