# eval-label: buggy
# eval-expect: CNV206@41
# eval-why: the FIR layer's forward is a true convolution, so its input gradient correlates the upstream gradient with the taps; convolving again applies the asymmetric taps time-reversed
# eval-fix: return signal.convolve(grad_out, self.taps, mode="full") => return signal.correlate(grad_out, self.taps, mode="full")
"""Differentiable front end for the speech enhancer: framing, gain and a learnable FIR."""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import signal


def frame_signal(x: NDArray[np.float64], frame: int, hop: int) -> NDArray[np.float64]:
    """Split a long recording into overlapping frames, (n_frames, frame)."""
    n = 1 + (x.size - frame) // hop
    idx = np.arange(frame)[None, :] + hop * np.arange(n)[:, None]
    return x[idx]


class Gain:
    def __init__(self, g: float) -> None:
        self.g = g

    def forward(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return self.g * x

    def backward(self, grad: NDArray[np.float64]) -> NDArray[np.float64]:
        return self.g * grad


class FIRLayer:
    """Learnable FIR filter on (batch, time) audio; y = x (*) taps, 'valid'."""

    def __init__(self, taps: NDArray[np.float64]) -> None:
        self.taps = taps

    def forward(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([signal.convolve(row, self.taps, mode="valid") for row in x])

    def _backward_row(self, grad_out: NDArray[np.float64]) -> NDArray[np.float64]:
        return signal.convolve(grad_out, self.taps, mode="full")

    def backward(self, grad: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([self._backward_row(g) for g in grad])


def overlap_add(frames: NDArray[np.float64], hop: int) -> NDArray[np.float64]:
    n, frame = frames.shape
    out = np.zeros(hop * (n - 1) + frame)
    for i, f in enumerate(frames):
        out[i * hop:i * hop + frame] += f
    return out


rng = np.random.default_rng(0)
x_long = rng.standard_normal(200)
frames = frame_signal(x_long, 32, 16)
assert frames.shape == (11, 32)
layer = FIRLayer(np.array([1.0, -0.5, 0.25, 0.1]))
x = Gain(0.5).forward(frames[:2])
g = rng.standard_normal(layer.forward(x).shape)
dx = layer.backward(g)
num = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = 1e-6
    num[idx] = ((layer.forward(x + e) - layer.forward(x - e)) * g).sum() / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-6) else "differ")
