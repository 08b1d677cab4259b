# eval-label: buggy
# eval-expect: CNV402@19|14
# eval-why: np.convolve 'same' anchors an even kernel at (m - 1) // 2, so an impulse at m // 2 shifts the signal by one sample.
# eval-fix: h[ntaps // 2] = 1.0 => h[(ntaps - 1) // 2] = 1.0
import numpy as np

# Identity check for the FIR pipeline: a unit impulse "at the centre" of an
# even-length filter must pass the signal through unchanged.
NTAPS = 4


def passthrough_filter(ntaps=NTAPS):
    h = np.zeros(ntaps)
    h[ntaps // 2] = 1.0
    return h


def apply_fir(x, h):
    return np.convolve(x, h, mode="same")


if __name__ == "__main__":
    x = np.sin(np.linspace(0, 3, 32)) + np.linspace(0, 1, 32)
    y = apply_fir(x, passthrough_filter())
    print("first samples", np.round(x[:4], 3), np.round(y[:4], 3))
    print("EVAL-RESULT:", "agree" if np.allclose(x, y) else "differ")
