# eval-label: buggy
# eval-expect: CNV202@29
# eval-why: the camera's image formation is documented as the scene convolved with the PSF, but expose() correlates with the comatic (asymmetric) PSF, so every star is imaged with a mirrored coma tail.
# eval-fix: return ndimage.correlate(scene, psf, mode="constant") => return ndimage.convolve(scene, psf, mode="constant")
"""Mock all-sky camera used to test the star extractor.

Image formation: the detector sees the sky convolved with the optics PSF, plus
sky background and read noise.  The PSF has a coma tail pointing away from the
optical axis (to the lower right in this corner of the field).
"""
import numpy as np
from scipy import ndimage


def coma_psf(size=9, tail=2.5):
    yy, xx = np.mgrid[:size, :size] - size // 2
    core = np.exp(-(xx ** 2 + yy ** 2) / 2.0)
    along = (xx + yy) / np.sqrt(2.0)
    across = (xx - yy) / np.sqrt(2.0)
    coma = np.where(along > 0, np.exp(-along / tail - across ** 2), 0.0)
    p = core + 0.6 * coma
    return p / p.sum()


def make_camera(psf, sky=0.0, read_noise=0.0, seed=None):
    rng = np.random.default_rng(seed)

    def optics(scene):
        return ndimage.correlate(scene, psf, mode="constant")

    def expose(scene):
        img = optics(scene) + sky
        if read_noise:
            img = img + rng.normal(0.0, read_noise, img.shape)
        return img

    expose.optics = optics
    return expose


def detect_stars(img, nsigma=5.0):
    """Very small peak finder: local maxima above nsigma * robust sigma."""
    med = np.median(img)
    sigma = 1.4826 * np.median(np.abs(img - med)) + 1e-12
    peaks = (img == ndimage.maximum_filter(img, size=5)) & (img > med + nsigma * sigma)
    return np.argwhere(peaks)


def field_of_stars(shape, n, rng):
    sky = np.zeros(shape)
    ys, xs = rng.integers(5, shape[0] - 5, n), rng.integers(5, shape[1] - 5, n)
    sky[ys, xs] = rng.uniform(50, 500, n)
    return sky


psf = coma_psf()
camera = make_camera(psf)
sky = np.zeros((31, 31))
sky[12, 15] = 1.0                        # one point source
frame = camera.optics(sky)
h = psf.shape[0] // 2
stamp = frame[12 - h:12 + h + 1, 15 - h:15 + h + 1]   # a point source images as the PSF
print("tail to lower right:", stamp[h + 2, h + 2] > stamp[h - 2, h - 2])
print("EVAL-RESULT:", "agree" if np.allclose(stamp, psf) else "differ")
