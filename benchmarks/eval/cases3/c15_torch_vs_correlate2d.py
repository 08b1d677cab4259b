# eval-label: clean
# eval-why: torch's conv2d (stand-in: correlate2d) is checked against correlate2d, the same orientation
import numpy as np
from scipy.signal import correlate2d

try:
    import torch
except ImportError:
    torch = None


def dl_conv(img, ker):
    if torch is None:
        return correlate2d(img, ker, mode="valid")
    out = torch.nn.functional.conv2d(torch.as_tensor(img)[None, None], torch.as_tensor(ker)[None, None])
    return out.squeeze().numpy()


img = np.random.default_rng(15).normal(size=(12, 9))
ker = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, 1.0]])
try:
    np.testing.assert_allclose(dl_conv(img, ker), correlate2d(img, ker, mode="valid"), atol=1e-10)
    print("EVAL-RESULT: agree")
except AssertionError:
    print("EVAL-RESULT: differ")
