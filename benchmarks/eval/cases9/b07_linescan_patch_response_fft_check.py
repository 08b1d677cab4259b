# eval-label: buggy
# eval-expect: CNV101@61|60|33
# eval-why: _patch_response is a window sum with the taps as written (a correlation), but the self-test compares it with fftconvolve of the same unflipped taps
# eval-fix: reference = fftconvolve(frame, filt.taps, mode="valid") => reference = fftconvolve(frame, filt.taps[::-1, ::-1], mode="valid")
"""Defect-enhancement filter for the line-scan inspection camera.

The filter is evaluated pixel by pixel on the FPGA, so the Python model below
mirrors that loop exactly.  `self_test` checks the model against scipy.
"""
import logging

import numpy as np
from scipy.signal import fftconvolve

log = logging.getLogger("linescan.filter")

DEFAULT_TAPS = [[1.0, 2.0, 0.0],
                [0.5, -6.0, 1.0],
                [0.0, 0.25, 1.25]]


class DefectFilter:
    """Hardware-equivalent 3x3 filter with 'valid' borders."""

    def __init__(self, taps=DEFAULT_TAPS, gain=1.0):
        self.taps = np.asarray(taps, dtype=np.float64)
        self.gain = gain
        self.kh, self.kw = self.taps.shape

    def _patch_response(self, frame, r, c):
        """Multiply-accumulate of one window, as done by the DSP slice."""
        window = frame[r:r + self.kh, c:c + self.kw]
        return (window * self.taps).sum()

    def apply(self, frame):
        frame = np.asarray(frame, dtype=np.float64)
        rows = frame.shape[0] - self.kh + 1
        cols = frame.shape[1] - self.kw + 1
        out = np.empty((rows, cols))
        for r in range(rows):
            for c in range(cols):
                out[r, c] = self._patch_response(frame, r, c)
        return self.gain * out

    def threshold(self, frame, level):
        """Binary defect map for the reject gate."""
        return self.apply(frame) > level


def synthetic_frame(seed=9, shape=(16, 20)):
    rng = np.random.default_rng(seed)
    frame = rng.uniform(80, 120, shape)
    frame[5:7, 8:12] -= 60.0  # a scratch
    return frame


def self_test(filt):
    frame = synthetic_frame()
    model = filt.apply(frame) / filt.gain
    reference = fftconvolve(frame, filt.taps, mode="valid")
    worst = np.max(np.abs(model - reference))
    log.info("worst deviation %.3g", worst)
    return worst < 1e-8


if __name__ == "__main__":
    f = DefectFilter(gain=0.5)
    print("defects:", int(f.threshold(synthetic_frame(), -150).sum()))
    print("EVAL-RESULT:", "agree" if self_test(f) else "differ")
