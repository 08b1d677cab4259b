# eval-label: buggy
# eval-expect: CNV205@33|34
# eval-why: a PyTorch conv2d wrapper (a cross-correlation; its fallback is correlate2d) is unit-tested against scipy's convolve2d with the same kernel
# eval-fix: convolve2d(x, k, "valid") => convolve2d(x, k[::-1, ::-1], "valid")
import numpy as np
from scipy.signal import convolve2d, correlate2d

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def net_conv(x, k):
    if torch is None:
        return correlate2d(x, k, "valid")
    xt = torch.from_numpy(x)[None, None]
    kt = torch.from_numpy(k)[None, None]
    return F.conv2d(xt, kt)[0, 0].numpy()


def assert_close(a, b):
    if not np.allclose(a, b, atol=1e-8):
        raise AssertionError(f"max err {np.abs(a - b).max():.3g}")


def test_net_conv_matches_scipy():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((10, 10))
    k = rng.standard_normal((3, 3))
    got = net_conv(x, k)
    expected = convolve2d(x, k, "valid")
    assert_close(got, expected)


try:
    test_net_conv_matches_scipy()
    print("EVAL-RESULT: agree")
except AssertionError:
    print("EVAL-RESULT: differ")
