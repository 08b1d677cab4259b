# eval-label: clean
# eval-why: the ported Conv1d layer uses np.correlate (no tap reversal), which is what torch's conv1d computes for real taps; checked against the framework or its stand-in.
"""Port of the QRS detector's first Conv1d layer (trained in PyTorch) to numpy."""
import numpy as np

try:
    import torch

    def framework_conv1d(sig, taps):
        out = torch.nn.functional.conv1d(torch.tensor(sig)[None, None], torch.tensor(taps)[None, None])
        return out[0, 0].numpy()
except ImportError:
    def framework_conv1d(sig, taps):  # torch: out[t] = sum_k taps[k] * sig[t + k]
        n = sig.size - taps.size + 1
        return np.array([sig[t:t + taps.size] @ taps for t in range(n)])

capas = {"qrs.0.weight": np.array([-0.2, -0.6, 0.1, 0.9, 0.4, -0.3, -0.1])}


def primera_capa(ecg):
    w = capas["qrs.0.weight"].astype(np.float64)
    return np.correlate(ecg, w, mode="valid")


t = np.arange(0, 2.0, 1 / 250)
ecg = np.sin(2 * np.pi * 1.2 * t) ** 21 + 0.05 * np.random.default_rng(4).normal(size=t.size)
mine = primera_capa(ecg)
ref = framework_conv1d(ecg, capas["qrs.0.weight"])
print("EVAL-RESULT:", "agree" if np.allclose(mine, ref) else "differ")
