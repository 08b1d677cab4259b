# eval-label: buggy
# eval-expect: CNV201@17,CNV206@20|21
# eval-why: forward uses convolve2d but backward uses the cross-correlation gradients (dW = correlate2d(x, g)), so dW is the 180-degree rotation of the true gradient.
# eval-fix: return convolve2d(x, self.W, mode="valid") => return correlate2d(x, self.W, mode="valid")
import numpy as np
from scipy.signal import convolve2d, correlate2d


class ConvLayer:
    def __init__(self, kh, kw, seed=0):
        rng = np.random.default_rng(seed)
        self.W = rng.standard_normal((kh, kw)) * 0.1
        self.x = None

    def forward(self, x):
        self.x = x
        return convolve2d(x, self.W, mode="valid")

    def backward(self, grad_out):
        self.dW = correlate2d(self.x, grad_out, mode="valid")
        dx = convolve2d(grad_out, self.W, mode="full")
        return dx


if __name__ == "__main__":
    rng = np.random.default_rng(1)
    layer = ConvLayer(3, 3)
    x = rng.standard_normal((8, 8))
    G = rng.standard_normal((6, 6))
    layer.forward(x)
    layer.backward(G)
    eps = 1e-6
    numeric = np.zeros_like(layer.W)
    for idx in np.ndindex(layer.W.shape):
        old = layer.W[idx]
        layer.W[idx] = old + eps
        up = (layer.forward(x) * G).sum()
        layer.W[idx] = old - eps
        down = (layer.forward(x) * G).sum()
        layer.W[idx] = old
        numeric[idx] = (up - down) / (2 * eps)
    ok = np.allclose(numeric, layer.dW, atol=1e-5)
    print("dW matches finite differences:", ok)
    print("EVAL-RESULT:", "agree" if ok else "differ")
