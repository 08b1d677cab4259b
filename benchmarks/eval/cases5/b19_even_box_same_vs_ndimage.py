# eval-label: buggy
# eval-expect: CNV402@26|30
# eval-why: An even kernel has no centre: convolve2d 'same' and ndimage.convolve anchor the 2x2 box one pixel apart.
# eval-fix: mode="constant", cval=0.0) => mode="constant", cval=0.0, origin=-1)
"""Sensor pre-processing: 2x2 binning before decimation.

Two back-ends exist (scipy.signal on the workstation, scipy.ndimage on the
embedded box); the regression test below keeps them in sync.
"""
import logging

import numpy as np
from scipy import ndimage, signal

logging.basicConfig(level=logging.INFO, format="%(message)s")
log = logging.getLogger("binning")

SETTINGS = {"bin": 2, "decimate": True, "backend": "signal"}


def binning_kernel(n):
    return np.ones((n, n)) / float(n * n)


def smooth_signal(img, n):
    return signal.convolve2d(img, binning_kernel(n), mode="same", boundary="fill")


def smooth_ndimage(img, n):
    return ndimage.convolve(img, binning_kernel(n), mode="constant", cval=0.0)


BACKENDS = {"signal": smooth_signal, "ndimage": smooth_ndimage}


def preprocess(img, settings=SETTINGS):
    out = BACKENDS[settings["backend"]](img, settings["bin"])
    return out[::2, ::2] if settings["decimate"] else out


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    img = rng.random((10, 12))
    a = preprocess(img, {**SETTINGS, "decimate": False})
    b = preprocess(img, {**SETTINGS, "decimate": False, "backend": "ndimage"})
    log.info("max diff between back-ends: %.3g", np.abs(a - b).max())
    print("EVAL-RESULT:", "agree" if np.allclose(a, b) else "differ")
