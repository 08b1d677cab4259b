# eval-label: clean
# eval-why: a multi-channel correlation layer whose input gradient correlates each upstream map with W[f, c][::-1, ::-1] (the full 180-degree rotation); dot test
import numpy as np
from scipy.signal import correlate2d


class MultiConv:
    def __init__(self, weights):
        self.weights = weights

    def forward(self, x):
        self.in_shape = x.shape
        return np.stack([sum(correlate2d(xc, wfc, "valid") for xc, wfc in zip(x, wf)) for wf in self.weights])

    def grad_input(self, dout):
        grad = np.zeros(self.in_shape)
        for f, wf in enumerate(self.weights):
            for c, wfc in enumerate(wf):
                grad[c] += correlate2d(dout[f], wfc[::-1, ::-1], "full")
        return grad


rng = np.random.default_rng(190)
net = MultiConv(rng.normal(size=(3, 2, 3, 2)))
x = rng.normal(size=(2, 7, 6))
dout = rng.normal(size=net.forward(x).shape)
z = rng.normal(size=x.shape)
print("EVAL-RESULT:", "agree" if np.isclose(np.sum(net.forward(z) * dout), np.sum(z * net.grad_input(dout))) else "differ")
