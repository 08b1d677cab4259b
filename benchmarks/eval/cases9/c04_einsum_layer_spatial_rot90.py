# eval-label: clean
# eval-why: the (C_out, C_in, kh, kw) stack is rotated with np.rot90(W, 2, axes=(2, 3)) (spatial axes only) before the full correlation, which is the exact input gradient of the einsum correlation forward
"""Vectorised conv layer: einsum forward, per-plane scipy backward.

Weights: (C_out, C_in, kh, kw).  Forward is cross-correlation ('valid').
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import correlate2d

CFG = {"c_in": 3, "c_out": 2, "kh": 3, "kw": 2, "seed": 4}


class EinsumConv:
    """Conv layer whose forward is one einsum over sliding windows."""

    def __init__(self, cfg=CFG):
        rng = np.random.default_rng(cfg["seed"])
        self.W = rng.normal(0, 0.5, (cfg["c_out"], cfg["c_in"], cfg["kh"], cfg["kw"]))
        self._cache = {}

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        kh, kw = self.W.shape[2:]
        windows = sliding_window_view(x, (kh, kw), axis=(1, 2))  # (C, H', W', kh, kw)
        self._cache["x"] = x
        return np.einsum("cijab,ocab->oij", windows, self.W)

    def backward(self, dy):
        """Gradient w.r.t. the input: full correlation with the spatially rotated stack."""
        x = self._cache["x"]
        W_rot = np.rot90(self.W, 2, axes=(2, 3))
        dx = np.zeros_like(x)
        c_out, c_in = self.W.shape[:2]
        for o in range(c_out):
            for c in range(c_in):
                dx[c] += correlate2d(dy[o], W_rot[o, c], mode="full")
        return dx

    def n_params(self):
        return int(self.W.size)


def numerical(layer, x, dy, idx, eps=1e-6):
    xp, xm = x.copy(), x.copy()
    xp[idx] += eps
    xm[idx] -= eps
    return (np.vdot(layer.forward(xp), dy) - np.vdot(layer.forward(xm), dy)) / (2 * eps)


def run_check():
    rng = np.random.default_rng(12)
    layer = EinsumConv()
    x = rng.normal(size=(3, 7, 8))
    dy = rng.normal(size=(2, 5, 7))
    layer.forward(x)
    dx = layer.backward(dy)
    points = [(0, 0, 0), (1, 6, 7), (2, 3, 4), (0, 5, 1), (2, 0, 6)]
    return all(np.isclose(numerical(layer, x, dy, p), dx[p], atol=1e-6) for p in points)


if __name__ == "__main__":
    print("parameters:", EinsumConv().n_params())
    print("EVAL-RESULT:", "agree" if run_check() else "differ")
