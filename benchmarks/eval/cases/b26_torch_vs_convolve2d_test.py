# eval-label: buggy
# eval-expect: CNV205@19|20|21
# eval-why: F.conv2d is a cross-correlation, yet the test compares it with scipy's convolve2d, a true convolution.
# eval-fix: signal.convolve2d(x, k, mode="valid") => correlate2d(x, k, mode="valid")
import numpy as np
from scipy import signal
from scipy.signal import correlate2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the demonstration below runs without torch
    torch = None


def test_conv_layer_matches_scipy():
    x = np.random.rand(6, 6)
    k = np.random.rand(3, 3)
    out = F.conv2d(torch.tensor(x)[None, None], torch.tensor(k)[None, None])
    ref = signal.convolve2d(x, k, mode="valid")
    assert np.allclose(out[0, 0].numpy(), ref)


if __name__ == "__main__":
    if torch is not None:
        try:
            test_conv_layer_matches_scipy()
            r = "agree"
        except AssertionError:
            r = "differ"
    else:
        # F.conv2d(x, k) == correlate2d(x, k, 'valid') (semantics D7); show that differs
        x = np.random.rand(6, 6)
        k = np.random.rand(3, 3)
        same = np.allclose(correlate2d(x, k, "valid"), signal.convolve2d(x, k, mode="valid"))
        r = "agree" if same else "differ"
    print("EVAL-RESULT:", r)
