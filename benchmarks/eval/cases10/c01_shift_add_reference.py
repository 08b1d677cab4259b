# eval-label: clean
# eval-why: the shift-and-add accumulation is a cross-correlation and is checked against signal.correlate of the same stencil, which is the same operation.
"""Compare the DSP block's shift-and-add emboss against scipy before shipping."""
import numpy as np
from scipy import signal

EMBOSS_Q4 = np.array([[-32, -16, 0],
                      [-16, 16, 16],
                      [0, 16, 32]], dtype=np.int32)


def emboss_dsp(plane, taps_q4):
    taps = taps_q4.astype(np.float64) / 16.0
    kh, kw = taps.shape
    h, w = plane.shape[0] - kh + 1, plane.shape[1] - kw + 1
    out = np.zeros((h, w))
    r = 0
    while r < kh:
        c = 0
        while c < kw:
            out += taps[r, c] * plane[r:r + h, c:c + w]
            c += 1
        r += 1
    return out


luma = np.random.default_rng(7).normal(128.0, 30.0, size=(40, 30))
dsp = emboss_dsp(luma, EMBOSS_Q4)
ref = signal.correlate(luma, EMBOSS_Q4 / 16.0, mode="valid", method="direct")
print("shape", dsp.shape, "max abs diff", np.abs(dsp - ref).max())
print("EVAL-RESULT:", "agree" if np.allclose(dsp, ref) else "differ")
