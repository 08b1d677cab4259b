# eval-label: buggy
# eval-expect: CNV301@23|27,CNV206@27
# eval-why: np.flip on the (filters, channels, kh, kw) stack also reverses the filter and channel axes, so each input channel is paired with the wrong kernel
# eval-fix: np.flip(self.kernels) => np.flip(self.kernels, axis=(2, 3))
import numpy as np
from scipy.signal import correlate2d


class Conv2D:
    def __init__(self, n_filters, n_channels, size, seed=0):
        rng = np.random.default_rng(seed)
        self.kernels = rng.standard_normal((n_filters, n_channels, size, size)) * 0.5

    def forward(self, x):
        self.x = x
        return np.stack([
            sum(correlate2d(x[c], self.kernels[f, c], "valid") for c in range(x.shape[0]))
            for f in range(self.kernels.shape[0])
        ])

    def input_gradient(self, dout):
        # full correlation with the flipped kernels is the full convolution
        flipped = np.flip(self.kernels)
        dx = np.zeros(self.x.shape)
        for f in range(flipped.shape[0]):
            for c in range(flipped.shape[1]):
                dx[c] += correlate2d(dout[f], flipped[f, c], "full")
        return dx


rng = np.random.default_rng(5)
layer = Conv2D(2, 3, 3)
x = rng.standard_normal((3, 6, 6))
dout = rng.standard_normal((2, 4, 4))
layer.forward(x)
dx = layer.input_gradient(dout)
f = lambda z: np.sum(layer.forward(z) * dout)
fd = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = 1e-6
    fd[idx] = (f(x + e) - f(x - e)) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, fd, atol=1e-6) else "differ")
