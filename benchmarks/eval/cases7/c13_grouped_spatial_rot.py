# eval-label: clean
# eval-why: the grouped layer's input gradient rotates each kernel over the spatial axes only (axes=(2, 3)) before the full correlation, which is the correct flip
"""Grouped convolution (cardinality 2) in plain numpy."""
import numpy as np
from scipy.signal import correlate2d


class GroupedConv2d:
    """weight: (C_out, C_in // groups, kh, kw)."""

    def __init__(self, c_in, c_out, k, groups, seed=0):
        self.groups, self.c_in, self.c_out = groups, c_in, c_out
        self.weight = np.random.default_rng(seed).standard_normal((c_out, c_in // groups, k, k))
        self.x = None

    def _members(self, o):
        per_in, per_out = self.c_in // self.groups, self.c_out // self.groups
        g = o // per_out
        return range(g * per_in, (g + 1) * per_in)

    def forward(self, x):
        self.x = x
        return np.stack([sum(correlate2d(x[c], self.weight[o, i], "valid")
                             for i, c in enumerate(self._members(o)))
                         for o in range(self.c_out)])

    def backward(self, dy):
        w_rot = np.rot90(self.weight, 2, axes=(2, 3))
        dx = np.zeros_like(self.x)
        for o in range(self.c_out):
            for i, c in enumerate(self._members(o)):
                dx[c] += correlate2d(dy[o], w_rot[o, i], "full")
        return dx


if __name__ == "__main__":
    rng = np.random.default_rng(2)
    layer = GroupedConv2d(4, 4, 3, groups=2, seed=5)
    x = rng.standard_normal((4, 7, 7))
    dy = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(dy)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = 1e-6
        num[idx] = ((layer.forward(x + e) - layer.forward(x - e)) * dy).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
