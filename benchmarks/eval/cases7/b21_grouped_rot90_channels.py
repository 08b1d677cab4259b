# eval-label: buggy
# eval-expect: CNV301@47
# eval-why: np.rot90 turns the first two axes, which are (out, in/groups) channels of the grouped weight stack, so the input gradient swaps filters instead of rotating each kernel spatially
# eval-fix: w_rot = np.rot90(self.weight, 2) => w_rot = np.rot90(self.weight, 2, axes=(2, 3))
"""Grouped convolution (ResNeXt-style cardinality) in plain numpy."""
import numpy as np
from scipy.signal import correlate2d


def kaiming(shape, rng):
    fan_in = int(np.prod(shape[1:]))
    return rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)


def output_shape(h, w, k):
    return h - k + 1, w - k + 1


class GroupedConv2d:
    """weight: (C_out, C_in // groups, kh, kw); stride 1, 'valid'."""

    def __init__(self, c_in, c_out, k, groups, seed=0):
        assert c_in % groups == 0 and c_out % groups == 0
        self.groups = groups
        self.c_in, self.c_out = c_in, c_out
        rng = np.random.default_rng(seed)
        self.weight = rng.standard_normal((c_out, c_in // groups, k, k))
        self.x = None

    def _members(self, o):
        """Input channels seen by output channel o."""
        per_in, per_out = self.c_in // self.groups, self.c_out // self.groups
        g = o // per_out
        return range(g * per_in, (g + 1) * per_in)

    def forward(self, x):
        self.x = x
        out = []
        for o in range(self.c_out):
            acc = sum(correlate2d(x[c], self.weight[o, i], "valid")
                      for i, c in enumerate(self._members(o)))
            out.append(acc)
        return np.stack(out)

    def backward(self, dy):
        """Input gradient: full correlation with the 180-degree-rotated kernels."""
        w_rot = np.rot90(self.weight, 2)
        dx = np.zeros_like(self.x)
        for o in range(self.c_out):
            for i, c in enumerate(self._members(o)):
                dx[c] += correlate2d(dy[o], w_rot[o, i], "full")
        return dx


if __name__ == "__main__":
    rng = np.random.default_rng(2)
    layer = GroupedConv2d(c_in=4, c_out=4, k=3, groups=2, seed=5)
    x = rng.standard_normal((4, 7, 7))
    dy = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(dy)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = 1e-6
        num[idx] = ((layer.forward(x + e) - layer.forward(x - e)) * dy).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
