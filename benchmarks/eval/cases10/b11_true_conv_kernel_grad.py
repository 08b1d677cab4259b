# eval-label: buggy
# eval-expect: CNV206@28
# eval-why: the forward is a true convolution, so dL/dW is the 180-degree rotation of correlate2d(x, dout, 'valid'); the backward drops that rotation (the correlation layer's convention) while its input gradient is right.
# eval-fix: grads["W"][f] = correlate2d(x, dout[f], "valid") => grads["W"][f] = correlate2d(x, dout[f], "valid")[::-1, ::-1]
"""LeNet-style feature extractor written with mathematical convolution (as in the 1998 paper)."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


def init_params(n_filters=3, size=3, seed=0):
    rng = np.random.default_rng(seed)
    return {"W": rng.normal(0, 0.3, (n_filters, size, size)), "b": np.zeros(n_filters)}


def feature_fwd(x, params):
    """maps[f] = x * W[f] + b[f]   (* = true 2-D convolution, 'valid')."""
    W, b = params["W"], params["b"]
    maps = np.stack([convolve2d(x, W[f], "valid") + b[f] for f in range(len(W))])
    return maps, (x, W)


def feature_bwd(dout, cache):
    x, W = cache
    grads = {"W": np.empty_like(W), "b": dout.sum(axis=(1, 2))}
    dx = np.zeros_like(x)
    for f in range(len(W)):
        dx += correlate2d(dout[f], W[f], "full")
        grads["W"][f] = correlate2d(x, dout[f], "valid")
    return dx, grads


def sgd(params, grads, lr=1e-2):
    for key in params:
        params[key] -= lr * grads[key]


def describe(params):
    """One line per filter for the training log."""
    rows = []
    for f, w in enumerate(params["W"]):
        rows.append(f"filter {f}: norm={np.linalg.norm(w):.3f} bias={params['b'][f]:+.3f}")
    return "\n".join(rows)


rng = np.random.default_rng(9)
params = init_params()
img = rng.normal(size=(8, 8))
target = rng.normal(size=(3, 6, 6))

maps, cache = feature_fwd(img, params)
_, grads = feature_bwd(maps - target, cache)        # L = 0.5 * ||maps - target||^2

num = np.zeros_like(params["W"])
for idx in np.ndindex(num.shape):
    old = params["W"][idx]
    params["W"][idx] = old + 1e-6
    lp = 0.5 * np.sum((feature_fwd(img, params)[0] - target) ** 2)
    params["W"][idx] = old - 1e-6
    lm = 0.5 * np.sum((feature_fwd(img, params)[0] - target) ** 2)
    params["W"][idx] = old
    num[idx] = (lp - lm) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(grads["W"], num, atol=1e-5) else "differ")
