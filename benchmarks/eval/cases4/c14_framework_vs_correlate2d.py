# eval-label: clean
# eval-why: the framework conv2d (a cross-correlation) is checked against correlate2d, the right reference
import numpy as np
from scipy.signal import correlate2d

try:
    import torch
    import torch.nn.functional as F

    def layer(x, w):
        return F.conv2d(torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None], padding=1).numpy()[0, 0]
except ImportError:  # what torch computes for padding=1 with a 3x3 kernel
    def layer(x, w):
        return correlate2d(x, w, mode="same")

rng = np.random.default_rng(12)
x = rng.standard_normal((10, 10))
w = np.array([[0.0, 1.0, 0.5], [-1.0, 0.2, 0.0], [0.3, -0.7, 0.9]])
ref = correlate2d(x, w, mode="same")
out = layer(x, w)
print("EVAL-RESULT:", "agree" if np.allclose(out, ref) else "differ")
