# eval-label: buggy
# eval-expect: CNV205@17
# eval-why: torch's conv1d does not reverse the kernel, np.convolve does, so the comparison fails for the asymmetric 4-tap kernel
# eval-fix: np.convolve(sig, kern, mode="valid") => np.convolve(sig, kern[::-1], mode="valid")
import numpy as np

try:
    import torch
    conv1d = lambda s, k: torch.nn.functional.conv1d(
        torch.tensor(s)[None, None], torch.tensor(k)[None, None]).numpy().ravel()
except ImportError:  # same maths as torch: no kernel flip
    conv1d = lambda s, k: np.correlate(s, k, mode="valid")

sig = np.cumsum(np.random.default_rng(1).standard_normal(64))
kern = np.array([1.0, -2.0, 0.5, 0.25])
a = conv1d(sig, kern)
b = np.convolve(sig, kern, mode="valid")
print("EVAL-RESULT:", "agree" if np.allclose(a, b) else "differ")
