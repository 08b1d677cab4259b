# eval-label: buggy
# eval-expect: CNV205@26|27
# eval-why: a torch conv1d smoothing layer (a cross-correlation; its fallback is np.correlate) is compared with np.convolve of the same asymmetric taps
# eval-fix: np.convolve(sig, taps, "valid") => np.convolve(sig, taps[::-1], "valid")
import numpy as np

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

sig = np.cumsum(np.random.default_rng(4).normal(size=200))
taps = np.array([0.5, 0.3, 0.15, 0.05])


def layer(sig, taps):
    if torch is None:
        return np.correlate(sig, taps, "valid")
    s = torch.tensor(sig)[None, None]
    w = torch.tensor(taps)[None, None]
    return F.conv1d(s, w)[0, 0].numpy()


layer_out = layer(sig, taps)
baseline = np.convolve(sig, taps, "valid")
diff = np.abs(layer_out - baseline).max()
print("max diff", diff)
print("EVAL-RESULT:", "agree" if diff < 1e-9 else "differ")
