# eval-label: clean
# eval-why: The 1-D correlation layer back-propagates with np.convolve for the input and np.correlate for the taps, both exact.
"""1-D conv layer for a keyword-spotting model (numpy only)."""
import numpy as np


class Conv1D:
    def __init__(self, taps):
        self.w = np.asarray(taps, dtype=float)

    def __call__(self, x):
        self.x = x
        return np.correlate(x, self.w, mode="valid")

    def grad_input(self, dy):
        return np.convolve(dy, self.w, mode="full")

    def grad_weight(self, dy):
        return np.correlate(self.x, dy, mode="valid")


rng = np.random.default_rng(6)
layer = Conv1D([0.5, -1.0, 0.25, 2.0])
x = rng.normal(size=40)
dy = rng.normal(size=37)
layer(x)
gx, gw = layer.grad_input(dy), layer.grad_weight(dy)
num_x = np.array([(np.dot(layer(x + e), dy) - np.dot(layer(x - e), dy)) / 2e-6
                  for e in 1e-6 * np.eye(40)])
w0 = layer.w.copy()
num_w = []
for e in 1e-6 * np.eye(4):
    layer.w = w0 + e; fp = np.dot(layer(x), dy)
    layer.w = w0 - e; num_w.append((fp - np.dot(layer(x), dy)) / 2e-6)
ok = np.allclose(gx, num_x, atol=1e-6) and np.allclose(gw, num_w, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
