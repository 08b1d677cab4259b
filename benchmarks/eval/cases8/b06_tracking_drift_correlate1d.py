# eval-label: buggy
# eval-expect: CNV202@15
# eval-why: the mount-drift smear is documented as a convolution of the sky with a one-sided drift PSF, but the separable pass uses ndimage.correlate1d, which mirrors the drift
# eval-fix: ndimage.correlate1d(sky, drift, axis=1, mode="constant") => ndimage.convolve1d(sky, drift, axis=1, mode="constant")
import numpy as np
from scipy import ndimage

# Guiding failed for 40 s: stars drift 4 px east with a decaying dwell.
# Model: observed = sky convolved with (seeing_y x drift_x), a separable PSF.
drift = np.array([0.0, 0.0, 0.0, 0.0, 0.4, 0.25, 0.15, 0.12, 0.08])
seeing = np.array([0.06, 0.24, 0.4, 0.24, 0.06])

def smear(sky):
    """Convolve the sky with the separable drift PSF."""
    out = ndimage.correlate1d(sky, drift, axis=1, mode="constant")
    return ndimage.convolve1d(out, seeing, axis=0, mode="constant")

sky = np.zeros((31, 41))
sky[15, 20] = 1000.0
obs = smear(sky)
psf2d = np.outer(seeing, drift)
want = np.zeros_like(sky)
want[13:18, 16:25] = 1000.0 * psf2d
print("east flux:", obs[:, 21:].sum(), "west flux:", obs[:, :20].sum())
print("EVAL-RESULT:", "agree" if np.allclose(obs, want) else "differ")
