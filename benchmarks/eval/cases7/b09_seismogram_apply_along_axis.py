# eval-label: buggy
# eval-expect: CNV202@18|17
# eval-why: the convolutional model of the earth convolves reflectivity with the wavelet, but np.correlate applies the minimum-phase (asymmetric) wavelet time-reversed
# eval-fix: np.correlate(trace, wavelet, "full") => np.convolve(trace, wavelet, "full")
# Synthetic seismogram: convolutional model, s(t) = r(t) * w(t), one column per trace.
import numpy as np

dt = 0.002
tw = np.arange(0, 0.06, dt)
wavelet = np.exp(-tw / 0.01) * np.sin(2 * np.pi * 30 * tw)   # causal, minimum-phase-like

rng = np.random.default_rng(8)
refl = np.zeros((120, 6))
for col in range(refl.shape[1]):
    refl[rng.integers(10, 100, 5), col] = rng.uniform(-1, 1, 5)

synth = np.apply_along_axis(
    lambda trace: np.correlate(trace, wavelet, "full"), 0, refl
)

truth = np.stack([np.convolve(refl[:, c], wavelet) for c in range(refl.shape[1])], axis=1)
print(synth.shape, truth.shape)
print("EVAL-RESULT:", "agree" if np.allclose(synth, truth) else "differ")
