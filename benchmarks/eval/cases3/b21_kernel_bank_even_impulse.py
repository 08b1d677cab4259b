# eval-label: buggy
# eval-expect: CNV402@15|25
# eval-why: the identity kernel of an even-sized bank puts its impulse at n // 2, but convolve2d's 'same' mode anchors element (n - 1) // 2, so the 'identity' shifts the image
# eval-fix: k[n // 2, n // 2] = 1.0 => k[(n - 1) // 2, (n - 1) // 2] = 1.0
import numpy as np
from scipy.signal import convolve2d

CONFIG = {"identity": {"size": 4}, "box": {"size": 4}}


def build(name, size):
    n = size
    if name == "identity":
        k = np.zeros((n, n))
        k[n // 2, n // 2] = 1.0
        return k
    return np.full((n, n), 1.0 / (n * n))


bank = {name: build(name, **spec) for name, spec in CONFIG.items()}


def apply_all(img):
    for name, k in bank.items():
        out = convolve2d(img, k, mode="same")
        yield name, out


img = np.random.default_rng(21).random((12, 12))
results = dict(apply_all(img))
print("EVAL-RESULT:", "agree" if np.allclose(results["identity"], img) else "differ")
