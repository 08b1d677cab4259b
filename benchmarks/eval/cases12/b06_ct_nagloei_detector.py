# eval-label: buggy
# eval-expect: CNV202@16
# eval-why: the detector forward model is documented as convolving the projection with the causal afterglow response, but the closure uses signal.correlate, which runs the lag backwards in time (checked against lfilter)
# eval-fix: signal.correlate(projectie, h, mode="full") => signal.convolve(projectie, h, mode="full")
"""CT-detector met nagloei (afterglow), per detectorkanaal over de views."""
import numpy as np
from scipy import signal


def maak_detectormodel(nagloei):
    """Forward model of one detector channel: the ideal projection over the
    views is convolved with the afterglow impulse response (a causal lag)."""
    h = np.asarray(nagloei, dtype=float)

    def vooruit(projectie):
        return signal.correlate(projectie, h, mode="full")[: len(projectie)]

    return vooruit


nagloei = np.array([0.80, 0.12, 0.05, 0.02, 0.01])
model = maak_detectormodel(nagloei)

rng = np.random.default_rng(9)
hoeken = np.linspace(0, np.pi, 180, endpoint=False)
kanalen = np.arange(64) - 31.5
sinogram = np.exp(-((kanalen[None, :] - 12 * np.cos(hoeken)[:, None]) / 6.0) ** 2)
sinogram += 0.01 * rng.random(sinogram.shape)

gemeten = np.stack([model(sinogram[:, k]) for k in range(sinogram.shape[1])], axis=1)
verwacht = signal.lfilter(nagloei, [1.0], sinogram, axis=0)
ok = np.allclose(gemeten, verwacht)
print("EVAL-RESULT:", "agree" if ok else "differ")
