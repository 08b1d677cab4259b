# eval-label: clean
# eval-why: Framework conv2d is a cross-correlation and the reference is correlate2d: the same operation.
import numpy as np
from scipy.signal import correlate2d

try:
    import torch
    import torch.nn.functional as F

    def fw_conv(x, k):
        return F.conv2d(torch.from_numpy(x)[None, None], torch.from_numpy(k)[None, None]).numpy()[0, 0]
except ImportError:
    from numpy.lib.stride_tricks import sliding_window_view

    def fw_conv(x, k):
        return np.einsum("ijkl,kl->ij", sliding_window_view(x, k.shape), k)

rng = np.random.default_rng(0)
x = rng.random((12, 12))
k = rng.random((3, 4))
got = fw_conv(x, k)
want = correlate2d(x, k, mode="valid")
print("EVAL-RESULT:", "agree" if np.allclose(got, want) else "differ")
