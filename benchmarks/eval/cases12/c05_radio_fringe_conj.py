# eval-label: clean
# eval-why: the registered correlator builds the complex cross-correlation as an FFT convolution with the reversed and conjugated voltage, which equals signal.correlate and recovers the injected delay and fringe phase
"""Two-element interferometer: delay and fringe-phase search on complex
baseband voltages.  Correlators are registered by name.
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
    return signal.fftconvolve(a, np.conj(b[::-1]), mode="full")


@correlator("reference")
def _reference(a, b):
    return signal.correlate(a, b, mode="full", method="direct")


class FringeSearch:
    def __init__(self, config):
        self.corr = CORRELATORS[config.get("correlator", "fx")]
        self.max_lag = config.get("max_lag", 64)

    def solve(self, v1, v2):
        r = self.corr(v1, v2)
        lags = np.arange(len(r)) - (len(v2) - 1)
        keep = np.abs(lags) <= self.max_lag
        i = int(np.argmax(np.abs(r[keep])))
        return int(lags[keep][i]), float(np.angle(r[keep][i]))


rng = np.random.default_rng(23)
N, D, true_delay, true_phase = 2048, 100, -11, -1.2
sky = rng.standard_normal(N + 2 * D) + 1j * rng.standard_normal(N + 2 * D)
v2 = sky[D:D + N] + 0.3 * (rng.standard_normal(N) + 1j * rng.standard_normal(N))
v1 = np.exp(1j * true_phase) * sky[D - true_delay:D - true_delay + N]

lag, phase = FringeSearch({"correlator": "fx"}).solve(v1, v2)
same = np.allclose(CORRELATORS["fx"](v1[:256], v2[:256]), CORRELATORS["reference"](v1[:256], v2[:256]))
ok = same and lag == true_delay and abs(np.angle(np.exp(1j * (phase - true_phase)))) < 0.1
print("lag", lag, "phase", round(phase, 3))
print("EVAL-RESULT:", "agree" if ok else "differ")
