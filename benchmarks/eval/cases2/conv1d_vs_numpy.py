# eval-label: buggy
# eval-expect: CNV205@17|25
# eval-why: torch's conv1d (a correlation) is compared with np.convolve of the same asymmetric 1-D kernel
# eval-fix: expected = np.convolve(sig, kern, mode="valid") => expected = np.convolve(sig, kern[::-1], mode="valid")
import numpy as np

try:
    import torch
except ImportError:
    torch = None


def conv1d_layer(sig, kern):
    """Thin wrapper so the audio model and the tests share one code path."""
    if torch is None:
        return np.correlate(sig, kern, mode="valid")
    out = torch.nn.functional.conv1d(torch.tensor(sig).view(1, 1, -1),
                                     torch.tensor(kern).view(1, 1, -1))
    return out.view(-1).numpy()


sig = np.cumsum(np.random.default_rng(17).standard_normal(64))
kern = np.array([1.0, -0.5, 0.25, 0.0, 2.0])
got = conv1d_layer(sig, kern)
expected = np.convolve(sig, kern, mode="valid")
print("EVAL-RESULT:", "agree" if np.allclose(got, expected) else "differ")
