# eval-label: buggy
# eval-expect: CNV206@18
# eval-why: The input gradient of np.correlate(x, w, 'valid') is np.convolve(dy, w, 'full'); correlating misses the flip.
# eval-fix: return np.correlate(dy, self.w, mode="full") => return np.convolve(dy, self.w, mode="full")
"""1-D conv layer for a keyword-spotting model (numpy only)."""
import numpy as np


class Conv1D:
    def __init__(self, taps):
        self.w = np.asarray(taps, dtype=float)

    def __call__(self, x):
        self.x = x
        return np.correlate(x, self.w, mode="valid")

    def grad_input(self, dy):
        return np.correlate(dy, self.w, mode="full")

    def grad_weight(self, dy):
        return np.correlate(self.x, dy, mode="valid")


def fd_input_grad(layer, x, dy, eps=1e-6):
    g = np.zeros_like(x)
    for i in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps; xm[i] -= eps
        g[i] = (np.dot(layer(xp), dy) - np.dot(layer(xm), dy)) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(6)
    layer = Conv1D([0.5, -1.0, 0.25, 2.0])
    x = rng.normal(size=40)
    dy = rng.normal(size=37)
    layer(x)
    analytic = layer.grad_input(dy)
    numeric = fd_input_grad(layer, x, dy)
    print("EVAL-RESULT:", "agree" if np.allclose(analytic, numeric, atol=1e-6) else "differ")
