# eval-label: buggy
# eval-expect: CNV205@39|40
# eval-why: a torch conv1d (a cross-correlation) is checked against np.convolve of the same taps, which reverses them
# eval-fix: np.convolve(sig, taps, mode="valid") => np.convolve(sig, taps[::-1], mode="valid")
"""Check that the pre-emphasis/denoise FIR baked into the audio model is what
the DSP team designed (their reference is numpy)."""

from dataclasses import dataclass, field

import numpy as np

try:
    import torch
except ImportError:
    torch = None


@dataclass
class FrontEndConfig:
    sample_rate: int = 16000
    taps: list = field(default_factory=lambda: [0.9, -0.35, 0.12, -0.05, 0.01])


def framework_fir(sig, taps):
    """The model's first layer: torch.conv1d with one input and one output channel."""
    if torch is not None:
        x = torch.tensor(sig)[None, None]
        w = torch.tensor(taps)[None, None]
        return torch.conv1d(x, w).numpy()[0, 0]
    m = len(taps)
    return np.array([np.dot(sig[t : t + m], taps) for t in range(len(sig) - m + 1)])


if __name__ == "__main__":
    cfg = FrontEndConfig()
    rng = np.random.default_rng(9)
    sig = rng.normal(size=cfg.sample_rate // 100)
    taps = np.array(cfg.taps)
    reference = np.convolve(sig, taps, mode="valid")
    gap = np.max(np.abs(framework_fir(sig, taps) - reference))
    print("max gap:", float(gap))
    print("EVAL-RESULT:", "agree" if gap < 1e-9 else "differ")
