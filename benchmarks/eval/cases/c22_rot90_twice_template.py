# eval-label: clean
# eval-why: np.rot90(tpl, 2) is the 180-degree rotation, so convolving with it is the correlation the matcher wants.
import numpy as np
from scipy.signal import correlate2d, fftconvolve


def match_scores(image, tpl):
    """Correlation scores of tpl at every valid offset, via FFT convolution."""
    kernel = np.rot90(tpl, 2)
    return fftconvolve(image - image.mean(), kernel - tpl.mean(), mode="valid")


if __name__ == "__main__":
    rng = np.random.default_rng(60)
    image = rng.random((32, 32))
    tpl = image[10:15, 20:25].copy()
    ref = correlate2d(image - image.mean(), tpl - tpl.mean(), mode="valid")
    print("EVAL-RESULT:", "agree" if np.allclose(match_scores(image, tpl), ref) else "differ")
