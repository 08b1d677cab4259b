# eval-label: clean
# eval-why: torch's conv2d is compared with scipy's correlate2d, the same operation (cross-correlation)
import numpy as np
from scipy.signal import correlate2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def framework_conv(img, ker):
    if torch is None:
        return correlate2d(img, ker, mode="valid")
    out = F.conv2d(torch.from_numpy(img)[None, None], torch.from_numpy(ker)[None, None])
    return out.numpy()[0, 0]


rng = np.random.default_rng(40)
img, ker = rng.standard_normal((10, 10)), rng.standard_normal((3, 3))
ref = correlate2d(img, ker, mode="valid")
print("EVAL-RESULT:", "agree" if np.allclose(framework_conv(img, ker), ref) else "differ")
