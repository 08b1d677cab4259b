# eval-label: buggy
# eval-expect: CNV201@20
# eval-why: the docstring states the cross-correlation sum x[i+m, j+n] * w[m, n] (as in PyTorch) but the layer calls signal.convolve2d, which rotates w
# eval-fix: signal.convolve2d(x[c], w[f, c], mode="valid") => signal.correlate2d(x[c], w[f, c], mode="valid")
import numpy as np
from scipy import signal


def conv_layer_forward(x, w, b):
    """Multi-channel 'valid' layer, same semantics as torch.nn.Conv2d.

    out[f, i, j] = b[f] + sum_c sum_{m,n} x[c, i + m, j + n] * w[f, c, m, n]

    x: (C, H, W), w: (F, C, kh, kw), b: (F,)
    """
    n_f, n_c, kh, kw = w.shape
    out = np.zeros((n_f, x.shape[1] - kh + 1, x.shape[2] - kw + 1))
    for f in range(n_f):
        for c in range(n_c):
            out[f] += signal.convolve2d(x[c], w[f, c], mode="valid")
        out[f] += b[f]
    return out


rng = np.random.default_rng(2)
x = rng.standard_normal((3, 8, 8))
w = rng.standard_normal((2, 3, 3, 3))
b = np.array([0.1, -0.2])
got = conv_layer_forward(x, w, b)
want = np.stack([sum(signal.correlate2d(x[c], w[f, c], "valid") for c in range(3)) + b[f]
                 for f in range(2)])
print("EVAL-RESULT:", "agree" if np.allclose(got, want) else "differ")
