# eval-label: clean
# eval-why: the even 2x2 charge-diffusion kernel goes through convolve2d and fftconvolve, which share the (m-1)//2 'same' anchor, and through ndimage.convolve with origin=-1 on both axes, which the research notes show reproduces that anchor, so all three agree
"""CCD charge diffusion (astronomy source extraction pre-processing)."""
import functools

import numpy as np
from scipy import ndimage, signal

DIFFUSION = np.array([[0.60, 0.20],
                      [0.15, 0.05]])  # charge leaks right and down

ENGINES = {
    "direct": functools.partial(signal.convolve2d, mode="same"),
    "fft": functools.partial(signal.fftconvolve, mode="same"),
    "ndimage": functools.partial(ndimage.convolve, mode="constant", origin=(-1, -1)),
}


def diffuse(frame, engine, kernel=DIFFUSION):
    return ENGINES[engine](frame, kernel)


def test_engines_agree():
    rng = np.random.default_rng(31)
    frame = rng.poisson(30.0, (25, 33)).astype(float)
    frame[12, 16] += 5000.0  # a bright star
    results = {name: diffuse(frame, name) for name in ENGINES}
    ref = results.pop("direct")
    return all(np.allclose(ref, other) for other in results.values())


print("EVAL-RESULT:", "agree" if test_engines_agree() else "differ")
