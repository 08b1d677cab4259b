# eval-label: buggy
# eval-expect: CNV401@26
# eval-why: the "fx" correlator documents the complex cross-correlation r[k] = sum a[n + k] * conj(b[n]) but builds it as a convolution with the reversed complex voltage and no np.conj, so the delay search finds no fringe peak at the true lag
# eval-fix: np.flip(b) => np.conj(np.flip(b))
"""Two-element interferometer: delay and fringe-phase search on complex
baseband voltages (after digital down-conversion).

Correlators are registered by name; the pipeline picks one from its config.
"""
import numpy as np
from scipy import signal

CORRELATORS = {}


def correlator(name):
    def deco(fn):
        CORRELATORS[name] = fn
        return fn
    return deco


@correlator("fx")
def _fx_correlate(a, b):
    """Cross-correlation r[k] = sum_n a[n + k] * conj(b[n]), all lags."""
    return signal.convolve(a, np.flip(b), mode="full", method="fft")


def ddc(rf, f_lo, fs):
    """Mix to baseband and low-pass: returns complex voltages."""
    n = np.arange(len(rf))
    mixed = rf * np.exp(-2j * np.pi * f_lo * n / fs)
    taps = signal.firwin(63, 0.2)
    return signal.lfilter(taps, [1.0], mixed)


class FringeSearch:
    def __init__(self, config):
        self.corr = CORRELATORS[config.get("correlator", "fx")]
        self.max_lag = config.get("max_lag", 64)

    def lag_spectrum(self, v1, v2):
        r = self.corr(v1, v2)
        lags = np.arange(len(r)) - (len(v2) - 1)
        keep = np.abs(lags) <= self.max_lag
        return lags[keep], r[keep]

    def solve(self, v1, v2):
        lags, r = self.lag_spectrum(v1, v2)
        i = int(np.argmax(np.abs(r)))
        return int(lags[i]), float(np.angle(r[i]))


rng = np.random.default_rng(23)
N, D, true_delay, true_phase = 4096, 100, 17, 0.9
sky = rng.standard_normal(N + 2 * D) + 1j * rng.standard_normal(N + 2 * D)
v2 = sky[D:D + N] + 0.3 * (rng.standard_normal(N) + 1j * rng.standard_normal(N))
v1 = np.exp(1j * true_phase) * sky[D - true_delay:D - true_delay + N]
v1 = v1 + 0.3 * (rng.standard_normal(N) + 1j * rng.standard_normal(N))

search = FringeSearch({"correlator": "fx", "max_lag": 64})
lag, phase = search.solve(v1, v2)
print("lag", lag, "phase", round(phase, 3))
ok = lag == true_delay and abs(np.angle(np.exp(1j * (phase - true_phase)))) < 0.1
print("EVAL-RESULT:", "agree" if ok else "differ")
