# eval-label: clean
# eval-why: a correlate2d forward with the matching gradients (dx = convolve2d(g, W, 'full'), dW = correlate2d(x, g, 'valid')).
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvLayer:
    def __init__(self, kh, kw, seed=0):
        self.W = np.random.default_rng(seed).standard_normal((kh, kw)) * 0.1

    def forward(self, x):
        self.x = x
        return correlate2d(x, self.W, mode="valid")

    def backward(self, grad_out):
        self.dW = correlate2d(self.x, grad_out, mode="valid")
        return convolve2d(grad_out, self.W, mode="full")


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    layer = ConvLayer(3, 2)
    x = rng.standard_normal((8, 8))
    G = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(G)
    num_dx = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[idx] += 1e-6
        b[idx] -= 1e-6
        num_dx[idx] = ((layer.forward(a) - layer.forward(b)) * G).sum() / 2e-6
    num_dW = np.zeros_like(layer.W)
    for idx in np.ndindex(layer.W.shape):
        old = layer.W[idx]
        layer.W[idx] = old + 1e-6
        up = (layer.forward(x) * G).sum()
        layer.W[idx] = old - 1e-6
        down = (layer.forward(x) * G).sum()
        layer.W[idx] = old
        num_dW[idx] = (up - down) / 2e-6
    ok = np.allclose(dx, num_dx, atol=1e-5) and np.allclose(layer.dW, num_dW, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
