# eval-label: clean
# eval-why: the forward-difference taps are reversed before convolve1d, so the filter computes level[i+1] - level[i-1] with the right sign; the signed onset matches np.gradient.
"""Flood-onset flag for the river gauges: first sample whose rise rate exceeds a limit."""
import numpy as np
from scipy import ndimage

GAUGE = {"dt_min": 15, "rise_limit_cm_per_h": 6.0, "diff_taps": (-1.0, 0.0, 1.0)}


def rise_rate(level_cm, cfg=GAUGE):
    taps = np.asarray(cfg["diff_taps"])[::-1] / 2.0      # convolve1d reverses the taps again
    per_step = ndimage.convolve1d(level_cm, taps, mode="nearest")
    return per_step * (60.0 / cfg["dt_min"])


def onset(level_cm, cfg=GAUGE):
    fast = np.flatnonzero(rise_rate(level_cm, cfg) > cfg["rise_limit_cm_per_h"])
    return int(fast[0]) if fast.size else None


t = np.arange(0, 48 * 4)                                 # two days, 15-minute samples
level = 120.0 + 80.0 / (1.0 + np.exp(-(t - 110) / 6.0))  # the wave arrives near sample 110
level += np.random.default_rng(8).normal(0.0, 0.2, t.size)

i_filter = onset(level)
ref = np.gradient(level) * 4.0
i_ref = int(np.flatnonzero(ref > GAUGE["rise_limit_cm_per_h"])[0])
print("onset sample", i_filter, "reference", i_ref)
print("EVAL-RESULT:", "agree" if i_filter == i_ref and np.allclose(rise_rate(level)[1:-1], ref[1:-1]) else "differ")
