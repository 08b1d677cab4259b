# eval-label: buggy
# eval-expect: CNV206@19
# eval-why: in the closure-built layer the kernel gradient is correlate2d(dy, x), which is the 180-degree rotation of the right correlate2d(x, dy, 'valid')
# eval-fix: dk = correlate2d(dy, x, => dk = correlate2d(x, dy,
import numpy as np
from scipy.signal import convolve2d, correlate2d


def make_layer(kernel):
    state = {}

    def forward(x):
        state["x"] = x
        return correlate2d(x, kernel, "valid")

    def backward(dy):
        x = state["x"]
        dx = convolve2d(dy, kernel, "full")
        dk = correlate2d(dy, x, "valid")
        return dx, dk

    return forward, backward


rng = np.random.default_rng(99)
k0 = rng.normal(size=(3, 2))
fwd, bwd = make_layer(k0)
x0 = rng.normal(size=(6, 5))
dy0 = rng.normal(size=(4, 4))
fwd(x0)
_, dk = bwd(dy0)

loss = lambda k: np.sum(correlate2d(x0, k, "valid") * dy0)
h = 1e-6
dk_fd = np.array([[(loss(k0 + h * e) - loss(k0 - h * e)) / (2 * h)
                   for e in np.eye(k0.size)[r * k0.shape[1]:(r + 1) * k0.shape[1]].reshape(-1, *k0.shape)]
                  for r in range(k0.shape[0])])
print("EVAL-RESULT:", "agree" if np.allclose(dk, dk_fd, atol=1e-6) else "differ")
