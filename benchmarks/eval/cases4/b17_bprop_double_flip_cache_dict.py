# eval-label: buggy
# eval-expect: CNV206@22|23
# eval-why: bprop applies the textbook 'full convolution with the 180-degree rotated kernel' with convolve2d, which rotates again: a double flip for a correlate2d forward
# eval-fix: np.rot90(cache["k"], 2) => cache["k"]
import numpy as np
from scipy.signal import convolve2d, correlate2d


def fprop(x, params):
    k = params["kernel"]
    z = correlate2d(x, k, mode="valid") + params["bias"]
    cache = {"x": x, "k": k}
    return np.maximum(z, 0.0), cache, z


def bprop(delta, cache):
    """Back-propagate through the conv layer.

    The input gradient is the 'full' convolution of delta with the kernel rotated by
    180 degrees (lecture notes, slide 31).
    """
    k_rot = np.rot90(cache["k"], 2)
    d_x = convolve2d(delta, k_rot, mode="full")
    d_k = correlate2d(cache["x"], delta, mode="valid")
    return d_x, d_k


rng = np.random.default_rng(21)
params = {"kernel": rng.standard_normal((3, 2)), "bias": 0.0}
x = rng.standard_normal((6, 6))
_, cache, z = fprop(x, params)
upstream = rng.standard_normal(z.shape)
d_x, _ = bprop(upstream, cache)  # checked on the linear part: delta = upstream


def linear(xx):
    return correlate2d(xx, params["kernel"], mode="valid")


h = 1e-6
basis = np.eye(x.size).reshape(-1, *x.shape)
fd = np.array([np.sum((linear(x + h * e) - linear(x - h * e)) * upstream) / (2 * h) for e in basis])
print("EVAL-RESULT:", "agree" if np.allclose(d_x, fd.reshape(x.shape), atol=1e-6) else "differ")
