# eval-label: buggy
# eval-expect: CNV205@24
# eval-why: the numpy reference for a framework Conv2d uses convolve2d, but torch's conv2d is a cross-correlation, so the reference disagrees for the asymmetric weights
# eval-fix: return convolve2d(x, w, mode="valid") => return correlate2d(x, w, mode="valid")
"""Check our numpy reference against the framework layer before porting weights."""
import numpy as np
from scipy.signal import convolve2d, correlate2d

try:
    import torch
    import torch.nn.functional as F

    def framework_conv(x, w):
        xt = torch.from_numpy(x)[None, None]
        wt = torch.from_numpy(w)[None, None]
        return F.conv2d(xt, wt).numpy()[0, 0]
except ImportError:  # torch's conv2d is a cross-correlation; stand in with scipy's
    def framework_conv(x, w):
        return correlate2d(x, w, mode="valid")


def reference_conv(x, w):
    """Numpy reference for one channel of Conv2d(1, 1, k, bias=False)."""
    return convolve2d(x, w, mode="valid")


weights = {"conv1": np.array([[0.2, -0.5, 1.0], [0.0, 0.3, -0.1], [0.7, 0.0, -0.4]])}
rng = np.random.default_rng(9)
batch = rng.standard_normal((16, 16)).astype(np.float32)
w = weights["conv1"].astype(np.float32)
out_fw = framework_conv(batch, w)
out_np = reference_conv(batch, w)
np_ok = np.allclose(out_fw, out_np, atol=1e-5)
print("EVAL-RESULT:", "agree" if np_ok else "differ")
