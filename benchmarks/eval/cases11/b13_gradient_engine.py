# eval-label: buggy
# eval-expect: CNV301@45|46
# eval-why: the engine means to rotate the kernel by 180 degrees before the full correlation, but np.flip(w, axis=0) reverses the rows only
# eval-fix: np.flip(w, axis=0) => np.flip(w, axis=(0, 1))
"""Minimal autograd-free training core: layers hold parameters in a store, a
separate GradientEngine knows how to differentiate each layer type.
"""
import numpy as np
from scipy.signal import correlate2d


class ParameterStore:
    def __init__(self):
        self._values, self._grads = {}, {}

    def put(self, name, value):
        self._values[name] = np.asarray(value, dtype=float)
        self._grads[name] = np.zeros_like(self._values[name])

    def get(self, name):
        return self._values[name]

    def setGrad(self, name, g):
        self._grads[name] = g


class CorrelationLayer:
    """y = correlate2d(x, kernel, 'valid'), the convention of deep-learning frameworks."""

    def __init__(self, kernel):
        self.store = ParameterStore()
        self.store.put("kernel", kernel)
        self.lastInput = None

    def forward(self, x):
        self.lastInput = x
        return correlate2d(x, self.store.get("kernel"), mode="valid")


class GradientEngine:
    """Backward rules, one per layer type."""

    def inputGradient(self, layer, dOut):
        w = layer.store.get("kernel")
        rotated = np.flip(w, axis=0)  # rotate 180 degrees for the full pass
        return correlate2d(dOut, rotated, mode="full")

    def kernelGradient(self, layer, dOut):
        return correlate2d(layer.lastInput, dOut, mode="valid")

    def backward(self, layer, dOut):
        layer.store.setGrad("kernel", self.kernelGradient(layer, dOut))
        return self.inputGradient(layer, dOut)


def numericInputGradient(layer, x, dOut, eps=1e-6):
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        keep = x[idx]
        x[idx] = keep + eps
        up = (layer.forward(x) * dOut).sum()
        x[idx] = keep - eps
        down = (layer.forward(x) * dOut).sum()
        x[idx] = keep
        g[idx] = (up - down) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(17)
    layer = CorrelationLayer(rng.normal(size=(3, 3)))
    engine = GradientEngine()
    x = rng.normal(size=(7, 9))
    dOut = rng.normal(size=(5, 7))
    layer.forward(x)
    dx = engine.backward(layer, dOut)
    dxNum = numericInputGradient(layer, x, dOut)
    print("max |dx - numeric| =", np.abs(dx - dxNum).max())
    print("EVAL-RESULT:", "agree" if np.allclose(dx, dxNum, atol=1e-5) else "differ")
