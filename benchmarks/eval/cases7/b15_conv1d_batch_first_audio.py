# eval-label: buggy
# eval-expect: CNV205@24|25
# eval-why: conv1d over a batch-first (B, 1, T) tensor cross-correlates with the taps as written; np.convolve reverses the asymmetric FIR, so the parity check compares different filters
# eval-fix: np.convolve(row, taps, "valid") => np.convolve(row, taps[::-1], "valid")
import numpy as np

try:
    import torch
except ImportError:
    torch = None

rng = np.random.default_rng(9)
batch = rng.standard_normal((4, 256))            # (B, T), batch first
taps = np.array([0.5, 0.3, 0.15, 0.05, -0.2])      # pre-emphasis-ish FIR

if torch is not None:
    got = torch.nn.functional.conv1d(
        torch.from_numpy(batch)[:, None, :], torch.from_numpy(taps)[None, None, :]
    )[:, 0].numpy()
else:  # what conv1d computes: sum_m x[t + m] * w[m]
    win = np.lib.stride_tricks.sliding_window_view(batch, taps.size, axis=1)
    got = win @ taps

expected = np.stack([np.convolve(row, taps, "valid") for row in batch])
same = np.allclose(got, expected)
print("EVAL-RESULT:", "agree" if same else "differ")
