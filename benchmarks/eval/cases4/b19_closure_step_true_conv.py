# eval-label: buggy
# eval-expect: CNV206@19
# eval-why: the layer convolves (convolve2d) but step() uses the correlation-layer kernel gradient correlate2d(x, err, 'valid') without rotating it by 180 degrees
# eval-fix: grad_k = correlate2d(state["x"], err, mode="valid") => grad_k = np.rot90(correlate2d(state["x"], err, mode="valid"), 2)
"""Tiny closure-based conv 'layer' for the denoising demo (true convolution, like MATLAB conv2)."""
import numpy as np
from scipy.signal import convolve2d, correlate2d


def make_layer(kernel):
    state = {"k": np.array(kernel, dtype=float)}

    def apply(x):
        state["x"] = x
        return convolve2d(x, state["k"], mode="valid")

    def step(err, lr):
        """One SGD step on 0.5*||apply(x) - target||^2, with err = apply(x) - target."""
        grad_k = correlate2d(state["x"], err, mode="valid")
        state["k"] = state["k"] - lr * grad_k
        return grad_k

    return apply, step, state


rng = np.random.default_rng(13)
x = rng.standard_normal((9, 9))
target = rng.standard_normal((7, 8))
apply, step, state = make_layer(rng.standard_normal((3, 2)))
err = apply(x) - target
k0 = state["k"].copy()
grad = step(err, lr=0.0)


def objective(kk):
    return 0.5 * np.sum((convolve2d(x, kk, mode="valid") - target) ** 2)


fd = np.zeros_like(k0)
for idx in np.ndindex(k0.shape):
    d = np.zeros_like(k0)
    d[idx] = 1e-6
    fd[idx] = (objective(k0 + d) - objective(k0 - d)) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(grad, fd, atol=1e-5) else "differ")
