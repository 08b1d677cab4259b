# eval-label: clean
# eval-why: xcorr_fwd cross-correlates the padded input, and xcorr_bwd returns the matching gradients (convolve2d of the upstream gradient with the kernel in 'full', cropped, and correlate2d of the padded input with it), confirmed by finite differences
"""Functional cross-correlation op (the torch.nn.functional.conv2d convention).

    y, ctx = xcorr_fwd(x, w, pad)
    grad_x, grad_w = xcorr_bwd(ctx, grad_out)
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


def xcorr_fwd(x, w, pad=1):
    xp = np.pad(x, pad)
    y = correlate2d(xp, w, mode="valid")
    return y, (xp, w, pad)


def xcorr_bwd(ctx, grad_out):
    xp, w, pad = ctx
    grad_xp = convolve2d(grad_out, w, mode="full")
    grad_x = grad_xp[pad:xp.shape[0] - pad, pad:xp.shape[1] - pad]
    grad_w = correlate2d(xp, grad_out, mode="valid")
    return grad_x, grad_w


def mse(a, b):
    d = a - b
    return float((d * d).mean()), 2.0 * d / d.size


def fit_kernel(src, target, k=3, steps=150, lr=0.5):
    w = np.zeros((k, k))
    losses = []
    for _ in range(steps):
        pred, ctx = xcorr_fwd(src, w, pad=k // 2)
        loss, dpred = mse(pred, target)
        _, grad_w = xcorr_bwd(ctx, dpred)
        w -= lr * grad_w
        losses.append(loss)
    return w, losses


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
    _, ctx = xcorr_fwd(x, w)
    gx, gw = xcorr_bwd(ctx, g)
    loss = lambda: float((xcorr_fwd(x, w)[0] * g).sum())
    ok = np.allclose(gx, finite_diff(loss, x), atol=1e-5)
    ok = ok and np.allclose(gw, finite_diff(loss, w), atol=1e-5)
    true_k = np.array([[0.0, 0.1, 0.0], [0.2, 0.5, 0.0], [0.0, 0.1, 0.1]])
    src = rng.normal(size=(20, 20))
    learned, losses = fit_kernel(src, xcorr_fwd(src, true_k)[0])
    print(f"loss {losses[0]:.4f} -> {losses[-1]:.2e}, kernel error {np.abs(learned - true_k).max():.1e}")
    print("EVAL-RESULT:", "agree" if ok else "differ")
