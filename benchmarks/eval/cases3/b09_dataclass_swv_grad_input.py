# eval-label: buggy
# eval-expect: CNV206@23
# eval-why: the forward is an einsum over sliding windows (a cross-correlation); grad_input correlates dy with w again instead of convolving it
# eval-fix: signal.correlate(dy, self.w => signal.convolve(dy, self.w
from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import signal


@dataclass
class Conv:
    w: np.ndarray
    _x: np.ndarray = field(default=None, repr=False)

    def forward(self, x):
        self._x = x
        win = sliding_window_view(x, self.w.shape)
        return np.einsum("ijkl,kl->ij", win, self.w)

    def grad_input(self, dy):
        return signal.correlate(dy, self.w, mode="full")

    def grad_weight(self, dy):
        return signal.correlate(self._x, dy, mode="valid")


rng = np.random.default_rng(2024)
layer = Conv(w=rng.standard_normal((2, 3)).astype(np.float64))
x = rng.standard_normal((5, 6))
dy = rng.standard_normal((4, 4))
layer.forward(x)
gx = layer.grad_input(dy)
gw = layer.grad_weight(dy)

basis = np.eye(x.size).reshape(x.size, *x.shape)
gx_ref = np.array([np.sum(layer.forward(b) * dy) for b in basis]).reshape(x.shape)
ok = np.allclose(gx, gx_ref) and gw.shape == layer.w.shape
print("EVAL-RESULT:", "agree" if ok else "differ")
