# eval-label: buggy
# eval-expect: CNV205@20|27
# eval-why: F.conv2d (a cross-correlation) is checked against scipy.signal.convolve2d with the same unflipped kernel
# eval-fix: signal.convolve2d(img, ker, mode="valid") => signal.convolve2d(img, ker[::-1, ::-1], mode="valid")
import numpy as np
from scipy import signal

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def torch_filter(img, ker):
    if torch is None:  # no torch on this box: conv2d is a correlation
        return signal.correlate2d(img, ker, mode="valid")
    t_img = torch.from_numpy(img)[None, None]
    t_ker = torch.from_numpy(ker)[None, None]
    return F.conv2d(t_img, t_ker).numpy()[0, 0]


rng = np.random.default_rng(13)
img = rng.standard_normal((12, 12))
ker = rng.standard_normal((3, 3))
ours = torch_filter(img, ker)
ref = signal.convolve2d(img, ker, mode="valid")
print("max abs diff:", np.abs(ours - ref).max())
print("EVAL-RESULT:", "agree" if np.allclose(ours, ref) else "differ")
