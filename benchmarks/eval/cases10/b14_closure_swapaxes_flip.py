# eval-label: buggy
# eval-expect: CNV302@18|19
# eval-why: the input gradient of the correlating forward is a full correlation with the kernel rotated by 180 degrees; swapaxes(0, 1) mirrors the kernel about its diagonal instead.
# eval-fix: k_flipped = k.swapaxes(0, 1) => k_flipped = k[::-1, ::-1]
"""Functional-style layer: make_xcorr(k) returns the (forward, vjp) pair used by the optimiser."""
import numpy as np
from scipy.signal import correlate2d


def make_xcorr(k):
    k = np.asarray(k, dtype=float)

    def forward(x):
        return correlate2d(x, k, "valid")

    def vjp(g):
        # d/dx of a valid correlation: full correlation with the flipped kernel
        k_flipped = k.swapaxes(0, 1)
        return correlate2d(g, k_flipped, "full")

    return forward, vjp


kernel = [[0.0, 1.0, 2.0],
          [-1.0, 0.5, 1.5],
          [-2.0, -1.5, 0.0]]
fwd, vjp = make_xcorr(kernel)

rng = np.random.default_rng(77)
x = rng.normal(size=(6, 6))
g = rng.normal(size=(4, 4))
analytic = vjp(g)
numeric = np.empty_like(x)
for idx in np.ndindex(x.shape):
    bump = np.zeros_like(x)
    bump[idx] = 1e-6
    numeric[idx] = np.sum(g * (fwd(x + bump) - fwd(x - bump))) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(analytic, numeric, atol=1e-6) else "differ")
