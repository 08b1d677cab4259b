# eval-label: buggy
# eval-expect: CNV205@35|60
# eval-why: the exported nn.Conv1d weights are cross-correlation taps (PyTorch's documented formula), but the numpy runtime applies them with np.convolve, which reverses the taps; the parity test against F.conv1d then fails.
# eval-fix: return np.convolve(x, w, mode="valid") => return np.convolve(x, w[::-1], mode="valid")
"""Pure-numpy runtime for the vibration-anomaly model (no torch on the gateway).

Model: Conv1d(1, 1, 5) -> ReLU -> mean.  PyTorch documents Conv1d as
out[t] = bias + sum_k weight[k] * x[t + k], i.e. a cross-correlation.
"""
import numpy as np
from numpy.testing import assert_allclose

try:
    import torch
    import torch.nn.functional as F

    def reference_conv1d(x, w, b):
        xt = torch.from_numpy(x)[None, None]
        wt = torch.from_numpy(w)[None, None]
        return F.conv1d(xt, wt, torch.tensor([b], dtype=xt.dtype))[0, 0].numpy()
except ImportError:
    from numpy.lib.stride_tricks import sliding_window_view

    def reference_conv1d(x, w, b):  # what F.conv1d computes
        return sliding_window_view(x, w.size) @ w + b


class NumpyRuntime:
    def __init__(self, state):
        self.w = np.asarray(state["conv.weight"], dtype=np.float64).reshape(-1)
        self.b = float(state["conv.bias"][0])

    def conv(self, x):
        w = self.w
        return np.convolve(x, w, mode="valid")

    def run(self, x):
        pre = self.conv(x) + self.b
        return pre, np.maximum(pre, 0.0).mean()

    def score_stream(self, samples, hop=128, win=256):
        """Anomaly score per window of the accelerometer stream."""
        scores = []
        for start in range(0, len(samples) - win + 1, hop):
            scores.append(self.run(samples[start:start + win])[1])
        return np.asarray(scores)


def quantise_state(state, bits=8):
    """int8 export used on the smaller gateways (kept for reference)."""
    w = np.asarray(state["conv.weight"], dtype=np.float64)
    scale = np.abs(w).max() / (2 ** (bits - 1) - 1)
    return {"q": np.round(w / scale).astype(np.int8), "scale": scale}


def test_parity(rt, state):
    rng = np.random.default_rng(8)
    x = rng.normal(size=256)
    w = np.asarray(state["conv.weight"], dtype=np.float64).reshape(-1)
    assert_allclose(rt.run(x)[0], reference_conv1d(x, w, rt.b), atol=1e-10)


state = {"conv.weight": [[[0.8, 0.35, -0.1, -0.45, -0.6]]], "conv.bias": [0.05]}
rt = NumpyRuntime(state)
try:
    test_parity(rt, state)
    print("EVAL-RESULT: agree")
except AssertionError:
    print("EVAL-RESULT: differ")
