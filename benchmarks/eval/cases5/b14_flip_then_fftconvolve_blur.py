# eval-label: buggy
# eval-expect: CNV203@12|13
# eval-why: fftconvolve already rotates the PSF; rotating it first turns the blur into a correlation.
# eval-fix: psf_rot = psf[::-1, ::-1] => psf_rot = psf
import numpy as np
from scipy.signal import fftconvolve


def apply_lens_blur(img, psf):
    """Convolve an image with the lens PSF (same size output)."""
    # convolution means: flip the PSF, then slide it -- do the flip explicitly
    psf_rot = psf[::-1, ::-1]
    return fftconvolve(img, psf_rot, mode="same")


def impulse_response(psf, size=17):
    delta = np.zeros((size, size))
    delta[size // 2, size // 2] = 1.0
    return apply_lens_blur(delta, psf)


if __name__ == "__main__":
    psf = np.array([[0.0, 0.1, 0.0],
                    [0.0, 0.4, 0.3],
                    [0.0, 0.0, 0.2]])
    h = impulse_response(psf)
    c = h.shape[0] // 2
    print(np.round(h[c - 1:c + 2, c - 1:c + 2], 3))
    print("EVAL-RESULT:", "agree" if np.allclose(h[c - 1:c + 2, c - 1:c + 2], psf) else "differ")
