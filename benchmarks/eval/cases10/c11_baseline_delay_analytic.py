# eval-label: clean
# eval-why: np.correlate conjugates its second argument, which is the correct cross-correlation for the complex analytic voltages; it matches the FFT cross-spectrum form and recovers the lag and the phase.
"""Two-element interferometer: baseline delay and fringe phase from analytic voltages."""
import numpy as np
from scipy.signal import hilbert

rng = np.random.default_rng(19)
n, lag_true, phase_true = 2048, 37, 1.1
src = rng.normal(size=n + 200)
v1 = hilbert(src[100:100 + n])
v2 = hilbert(src[100 - lag_true:100 - lag_true + n]) * np.exp(-1j * phase_true)
v1 += 0.1 * (rng.normal(size=n) + 1j * rng.normal(size=n))

# r[l] = sum_t v1[t + l] * conj(v2[t]); np.correlate conjugates its second argument
xc = np.correlate(v1, v2, mode="full")
lags = np.arange(-(n - 1), n)
i = int(np.argmax(np.abs(xc)))
lag, phase = lags[i], np.angle(xc[i])

# same thing through the cross-spectrum
m = 2 * n
spec = np.fft.ifft(np.fft.fft(v1, m) * np.conj(np.fft.fft(v2, m)))
xc_fft = np.concatenate([spec[-(n - 1):], spec[:n]])
print(f"lag {lag} (true {-lag_true}), phase {phase:.2f} (true {phase_true})")
ok = np.allclose(xc, xc_fft) and lag == -lag_true and abs(phase - phase_true) < 0.1
print("EVAL-RESULT:", "agree" if ok else "differ")
