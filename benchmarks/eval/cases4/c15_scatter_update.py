# eval-label: clean
# eval-why: the backward pass is written in scatter form (each output gradient spreads K over its window), which needs no explicit flip; finite differences agree
import numpy as np


class WindowLayer:
    def __init__(self, K):
        self.K = np.array(K, dtype=float)

    def run(self, x):
        self.x = x
        kh, kw = self.K.shape
        oh, ow = x.shape[0] - kh + 1, x.shape[1] - kw + 1
        return np.array([[np.sum(x[i:i + kh, j:j + kw] * self.K) for j in range(ow)] for i in range(oh)])

    def update(self, g, lr=0.0):
        kh, kw = self.K.shape
        dx = np.zeros_like(self.x)
        dK = np.zeros_like(self.K)
        for i, j in np.ndindex(g.shape):
            dx[i:i + kh, j:j + kw] += g[i, j] * self.K
            dK += g[i, j] * self.x[i:i + kh, j:j + kw]
        self.K -= lr * dK
        return dx, dK


rng = np.random.default_rng(13)
L = WindowLayer(rng.standard_normal((2, 3)))
x = rng.standard_normal((5, 6))
g = rng.standard_normal((4, 4))
L.run(x)
dx, dK = L.update(g)
fd = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x); e[idx] = 1e-6
    fd[idx] = (np.sum(L.run(x + e) * g) - np.sum(L.run(x - e) * g)) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, fd, atol=1e-6) else "differ")
