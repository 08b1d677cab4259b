# eval-label: buggy
# eval-expect: CNV203@12|13
# eval-why: blur() is documented and tested as a true convolution but rotates the PSF by 180 degrees before fftconvolve, which makes it a correlation.
# eval-fix: psf_r = np.rot90(psf, 2) => psf_r = psf
import numpy as np
from scipy import ndimage
from scipy.signal import fftconvolve


def blur(image, psf):
    """Convolve image with psf (true convolution, zero boundary)."""
    psf_r = np.rot90(psf, 2)
    return fftconvolve(image, psf_r, mode="same")


def test_blur_matches_ndimage():
    rng = np.random.default_rng(21)
    image = rng.random((15, 15))
    psf = rng.random((5, 5))
    expected = ndimage.convolve(image, psf, mode="constant")
    np.testing.assert_allclose(blur(image, psf), expected, atol=1e-10)


if __name__ == "__main__":
    try:
        test_blur_matches_ndimage()
        res = "agree"
    except AssertionError:
        res = "differ"
    print("EVAL-RESULT:", res)
