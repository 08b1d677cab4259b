# eval-label: clean
# eval-why: two quarter turns make the 180-degree flip, so the full correlation with the turned kernel is the correct input gradient of a correlation layer
from collections import namedtuple

import numpy as np
from scipy.signal import correlate2d

Params = namedtuple("Params", "w b")


def forward(params, x):
    return correlate2d(x, params.w, "valid") + params.b


def backward(params, x, dy):
    w_flip = np.rot90(np.rot90(params.w))   # two quarter turns = 180 degrees
    dx = correlate2d(dy, w_flip, "full")
    return dx, correlate2d(x, dy, "valid"), dy.sum()


rng = np.random.default_rng(30)
p = Params(w=rng.standard_normal((3, 2)), b=0.1)
x = rng.standard_normal((7, 7))
dy = rng.standard_normal(forward(p, x).shape)
dx, _, _ = backward(p, x, dy)
num = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = 1e-6
    num[idx] = ((forward(p, x + e) - forward(p, x - e)) * dy).sum() / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
