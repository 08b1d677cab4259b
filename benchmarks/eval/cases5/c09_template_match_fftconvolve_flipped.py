# eval-label: clean
# eval-why: Template matching is a correlation; fftconvolve with the rotated real template computes it.
import numpy as np
from scipy.signal import fftconvolve


def match(image, template):
    """Cross-correlation score via FFT: convolve with the reversed template."""
    t = template - template.mean()
    return fftconvolve(image - image.mean(), t[::-1, ::-1], mode="valid")


rng = np.random.default_rng(5)
tpl = rng.random((6, 5))
img = rng.normal(scale=0.05, size=(40, 40))
img[20:26, 9:14] += tpl
score = match(img, tpl)
pos = np.unravel_index(score.argmax(), score.shape)
print("found", pos)
print("EVAL-RESULT:", "agree" if tuple(int(p) for p in pos) == (20, 9) else "differ")
