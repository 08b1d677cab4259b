# eval-label: buggy
# eval-expect: CNV401@15
# eval-why: the documented layer computes y[n] = sum_m x[n + m] * h[m] with no conjugate (a complex conv1d), but np.correlate conjugates the complex taps
# eval-fix: np.correlate(x[b], h, "valid") => np.correlate(x[b], np.conj(h), "valid")
import numpy as np


def complex_conv1d(x, h):
    """Port of the complex-valued Conv1d of the beamformer model.

    y[b, n] = sum_m x[b, n + m] * h[m]   (cross-correlation, as in PyTorch; no conjugate)
    """
    out = np.empty((x.shape[0], x.shape[1] - h.size + 1), dtype=complex)
    for b in range(x.shape[0]):
        out[b] = np.correlate(x[b], h, "valid")
    return out


rng = np.random.default_rng(23)
x = rng.standard_normal((3, 40)) + 1j * rng.standard_normal((3, 40))
h = np.exp(1j * np.linspace(0, np.pi, 6)) * np.hanning(8)[1:-1]

y = complex_conv1d(x, h)
win = np.lib.stride_tricks.sliding_window_view(x, h.size, axis=1)
formula = (win * h).sum(axis=-1)
print("EVAL-RESULT:", "agree" if np.allclose(y, formula) else "differ")
