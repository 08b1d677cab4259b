# eval-label: buggy
# eval-expect: CNV101@38|33|39
# eval-why: the shift-and-add model sums img[i + dy, j + dx] * st[dy, dx], a cross-correlation, but is validated against oaconvolve, which rotates the asymmetric stencil by 180 degrees.
# eval-fix: signal.oaconvolve(frame, stencil, mode="valid") => signal.oaconvolve(frame, stencil[::-1, ::-1], mode="valid")
"""Sanity script for the sharpening stencil of the scanner firmware.

The FPGA applies the 3x3 stencil by shift-and-add: one multiply per tap over the
whole frame instead of one product-sum per window.  Before porting the Python
prototype we check it against scipy.
"""
import numpy as np
from scipy import signal

rng = np.random.default_rng(1234)
frame = rng.uniform(0, 255, size=(24, 32))

# taps exactly as they are burned into the FPGA table (row-major, Q8 -> float)
TAPS = [0, -64, 0,
        -128, 576, -64,
        0, -64, 0]
stencil = np.asarray(TAPS, dtype=np.float64).reshape(3, 3) / 256.0


def shift_add(img, st):
    """Accumulate every tap times the frame shifted by that tap's offset."""
    kh, kw = st.shape
    oh, ow = img.shape[0] - kh + 1, img.shape[1] - kw + 1
    acc = np.zeros((oh, ow))
    for dy in range(kh):
        for dx in range(kw):
            if st[dy, dx] == 0.0:
                continue  # the FPGA skips zero taps as well
            acc += st[dy, dx] * img[dy:dy + oh, dx:dx + ow]
    return acc


model = shift_add(frame, stencil)
reference = signal.oaconvolve(frame, stencil, mode="valid")
err = np.abs(model - reference).max()
print(f"frame {frame.shape}, stencil sum {stencil.sum():.3f}")
print(f"max |firmware model - scipy| = {err:.3g}")
print("EVAL-RESULT:", "agree" if err < 1e-9 else "differ")
