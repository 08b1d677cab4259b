# eval-label: buggy
# eval-expect: CNV303@11|12
# eval-why: matched filtering by convolution needs the template rotated by 180 degrees; np.rot90(tpl, -1) is a quarter turn and the scores are not the correlation.
# eval-fix: np.rot90(tpl, -1) => np.rot90(tpl, 2)
import numpy as np
from scipy.signal import correlate2d, fftconvolve


def match_scores(image, tpl):
    """Correlation scores of tpl at every valid offset (FFT speed-up)."""
    kernel = np.rot90(tpl, -1)
    return fftconvolve(image - image.mean(), kernel - tpl.mean(), mode="valid")


if __name__ == "__main__":
    rng = np.random.default_rng(60)
    image = rng.random((32, 32))
    tpl = image[10:15, 20:25].copy()
    scores = match_scores(image, tpl)
    ref = correlate2d(image - image.mean(), tpl - tpl.mean(), mode="valid")
    print("EVAL-RESULT:", "agree" if np.allclose(scores, ref) else "differ")
