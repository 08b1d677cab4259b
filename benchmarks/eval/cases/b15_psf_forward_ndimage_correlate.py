# eval-label: buggy
# eval-expect: CNV202@20
# eval-why: the forward model is documented as a convolution with an asymmetric PSF but is implemented with ndimage.correlate, which images the PSF rotated by 180 degrees.
# eval-fix: ndimage.correlate(scene, psf, mode="constant") => ndimage.convolve(scene, psf, mode="constant")
import numpy as np
from scipy import ndimage

# Comet-tail PSF: the star's light trails down and to the right.
PSF = np.array(
    [
        [0.40, 0.10, 0.00],
        [0.10, 0.20, 0.05],
        [0.00, 0.05, 0.10],
    ]
)


def observe(scene, psf=PSF, noise_sigma=0.0, rng=None):
    """Simulated detector image: observed = psf (*) scene + noise, (*) = 2-D convolution."""
    blurred = ndimage.correlate(scene, psf, mode="constant")
    if noise_sigma:
        blurred = blurred + (rng or np.random.default_rng()).normal(0, noise_sigma, scene.shape)
    return blurred


if __name__ == "__main__":
    star = np.zeros((9, 9))
    star[4, 4] = 1.0
    image = observe(star)
    # a point source imaged through a convolution reproduces the PSF around it
    ok = np.allclose(image[3:6, 3:6], PSF)
    print("EVAL-RESULT:", "agree" if ok else "differ")
