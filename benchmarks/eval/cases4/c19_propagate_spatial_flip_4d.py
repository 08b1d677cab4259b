# eval-label: clean
# eval-why: the input gradient flips the 4-D weight stack on its spatial axes only (W[:, :, ::-1, ::-1]) before the full correlation, which is the correct full convolution
import numpy as np
from scipy.signal import correlate2d


def forward(x, W):
    F, C = W.shape[:2]
    return np.stack([sum(correlate2d(x[c], W[f, c], "valid") for c in range(C)) for f in range(F)])


def propagate(g, W, x_shape):
    """dL/dx of forward(x, W) for upstream g."""
    W_rot = W[:, :, ::-1, ::-1]
    dx = np.zeros(x_shape)
    for f in range(W.shape[0]):
        for c in range(W.shape[1]):
            dx[c] += correlate2d(g[f], W_rot[f, c], "full")
    return dx


rng = np.random.default_rng(16)
W = rng.standard_normal((3, 2, 3, 2))
x = rng.standard_normal((2, 6, 6))
g = rng.standard_normal((3, 4, 5))
dx = propagate(g, W, x.shape)
fd = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x); e[idx] = 1e-6
    fd[idx] = np.sum((forward(x + e, W) - forward(x - e, W)) * g) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, fd, atol=1e-6) else "differ")
