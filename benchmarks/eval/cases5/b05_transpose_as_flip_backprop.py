# eval-label: buggy
# eval-expect: CNV302@20|21
# eval-why: K.T mirrors the filter about its diagonal; the input gradient needs the 180-degree rotation K[::-1, ::-1].
# eval-fix: K_flipped = K.T => K_flipped = K[::-1, ::-1]
import numpy as np
from scipy.signal import correlate2d

np.set_printoptions(precision=4)

# --- layer ------------------------------------------------------------------
def layer_fwd(x, K):
    return correlate2d(x, K, mode="valid")


def layer_bwd(x, K, g_out):
    """Backprop through layer_fwd.

    dX is the full correlation of the upstream gradient with the flipped filter.
    """
    K_flipped = K.T
    dX = correlate2d(g_out, K_flipped, mode="full")
    dK = correlate2d(x, g_out, mode="valid")
    return dX, dK


# --- gradient check -----------------------------------------------------------
def numeric_dx(x, K, g_out, eps=1e-6):
    out = np.zeros_like(x)
    f = lambda z: np.sum(layer_fwd(z, K) * g_out)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            zp = x.copy(); zp[i, j] += eps
            zm = x.copy(); zm[i, j] -= eps
            out[i, j] = (f(zp) - f(zm)) / (2 * eps)
    return out


rng = np.random.default_rng(11)
x = rng.normal(size=(6, 6))
K = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0], [0.0, 0.0, -2.0]])
g = rng.normal(size=(4, 4))
dX, dK = layer_bwd(x, K, g)
ref = numeric_dx(x, K, g)
print("max err", np.abs(dX - ref).max())
print("EVAL-RESULT:", "agree" if np.allclose(dX, ref, atol=1e-5) else "differ")
