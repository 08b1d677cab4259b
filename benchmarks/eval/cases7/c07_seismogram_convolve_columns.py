# eval-label: clean
# eval-why: the convolutional earth model uses np.convolve (a true convolution) of reflectivity with the causal wavelet, column by column via apply_along_axis
# Synthetic seismogram: s(t) = r(t) * w(t)
import numpy as np
from scipy import signal

dt = 0.002
tw = np.arange(0, 0.06, dt)
wavelet = np.exp(-tw / 0.01) * np.sin(2 * np.pi * 30 * tw)

rng = np.random.default_rng(8)
refl = np.zeros((120, 6))
for col in range(refl.shape[1]):
    refl[rng.integers(10, 100, 5), col] = rng.uniform(-1, 1, 5)

synth = np.apply_along_axis(lambda trace: np.convolve(trace, wavelet, "full"), 0, refl)
# reference: lfilter of the zero-padded reflectivity with the wavelet as FIR taps
padded = np.vstack([refl, np.zeros((wavelet.size - 1, refl.shape[1]))])
truth = signal.lfilter(wavelet, [1.0], padded, axis=0)
print("EVAL-RESULT:", "agree" if np.allclose(synth, truth) else "differ")
