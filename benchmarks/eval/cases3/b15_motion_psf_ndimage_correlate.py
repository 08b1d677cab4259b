# eval-label: buggy
# eval-expect: CNV202@20
# eval-why: the blur forward model says the scene is convolved with the motion PSF but uses ndimage.correlate, which applies the PSF mirrored
# eval-fix: ndimage.correlate(scene, psf => ndimage.convolve(scene, psf
import numpy as np
from scipy import ndimage


def motion_psf(length=5):
    """Diagonal camera shake: the streak starts in the centre and runs to a corner."""
    psf = np.zeros((length, length))
    c = length // 2
    for t in range(c + 1):
        psf[c + t, c + t] = 1.0 + t
    return psf / psf.sum()


def blur_forward_model(scene, psf):
    """Observed image = scene convolved with the point-spread function (zero outside)."""
    return ndimage.correlate(scene, psf, mode="constant", cval=0.0)


def splat(scene, psf):
    """Reference: every scene pixel spreads its light with the PSF."""
    c = psf.shape[0] // 2
    out = np.zeros((scene.shape[0] + 2 * c, scene.shape[1] + 2 * c))
    for (i, j), v in np.ndenumerate(scene):
        out[i:i + psf.shape[0], j:j + psf.shape[1]] += v * psf
    return out[c:-c, c:-c]


rng = np.random.default_rng(3)
scene = np.zeros((20, 20))
scene[rng.integers(2, 18, 6), rng.integers(2, 18, 6)] = rng.uniform(1, 5, 6)
psf = motion_psf()

model = blur_forward_model(scene, psf)
truth = splat(scene, psf)
print("EVAL-RESULT:", "agree" if np.allclose(model, truth) else "differ")
