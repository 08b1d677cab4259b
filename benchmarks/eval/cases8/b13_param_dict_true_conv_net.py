# eval-label: buggy
# eval-expect: CNV206@35
# eval-why: every layer's forward is convolve2d (a true convolution), whose input gradient is correlate2d(dy, K, 'full'); the backward uses convolve2d(dy, K, 'full'), the correlation layer's formula
# eval-fix: signal.convolve2d(delta, params[name], "full") => signal.correlate2d(delta, params[name], "full")
"""Two-layer denoiser; weights live in a dict keyed by layer name (easy to pickle)."""
import numpy as np
from scipy import signal

LAYERS = ("enc", "dec")


def init_params(seed=0):
    rng = np.random.default_rng(seed)
    return {"enc": rng.normal(size=(3, 3)) * 0.5, "dec": rng.normal(size=(2, 3)) * 0.5}


def forward(params, x):
    acts = {"input": x}
    h = x
    for name in LAYERS:
        z = signal.convolve2d(h, params[name], "valid")
        acts[name] = (h, z)
        h = np.tanh(z) if name != LAYERS[-1] else z
    return h, acts


def backward(params, acts, grad):
    grads = {}
    delta = grad
    for name in reversed(LAYERS):
        h, z = acts[name]
        if name != LAYERS[-1]:
            delta = delta * (1 - np.tanh(z) ** 2)
        grads[name] = np.rot90(signal.correlate2d(h, delta, "valid"), 2)
        delta = signal.convolve2d(delta, params[name], "full")
    grads["input"] = delta
    return grads


def save(params, path):
    np.savez(path, **params)


params = init_params(4)
rng = np.random.default_rng(1)
x = rng.normal(size=(9, 9))
y, acts = forward(params, x)
g = rng.normal(size=y.shape)
grads = backward(params, acts, g)

eps = 1e-6
ok = True
for name in LAYERS:
    num = np.zeros_like(params[name])
    for idx in np.ndindex(*num.shape):
        p = {k: v.copy() for k, v in params.items()}
        p[name][idx] += eps
        up = np.sum(forward(p, x)[0] * g)
        p[name][idx] -= 2 * eps
        num[idx] = (up - np.sum(forward(p, x)[0] * g)) / (2 * eps)
    ok &= np.allclose(num, grads[name], atol=1e-5)
num_x = np.zeros_like(x)
for idx in np.ndindex(*x.shape):
    e = np.zeros_like(x)
    e[idx] = eps
    num_x[idx] = (np.sum(forward(params, x + e)[0] * g) - np.sum(forward(params, x - e)[0] * g)) / (2 * eps)
ok &= np.allclose(num_x, grads["input"], atol=1e-5)
print("EVAL-RESULT:", "agree" if ok else "differ")
