# eval-label: buggy
# eval-expect: CNV204@33|34
# eval-why: the OpenCV backend is registered as an equivalent of ndimage.convolve for the relief (emboss) kernel, but cv2.filter2D correlates, so the asymmetric relief comes out with the light from the opposite side.
# eval-fix: cv2.filter2D(im, -1, k, => cv2.filter2D(im, -1, cv2.flip(k, -1),
"""Hill-shade style relief filter for the map-tile renderer, with pluggable backends.

All backends must compute the same convolution of the elevation tile with the
relief kernel (light from the north-west); the renderer picks the fastest one.
"""
import numpy as np
from scipy import ndimage

try:
    import cv2
except ImportError:  # headless CI image without OpenCV: same semantics in scipy
    class cv2:  # noqa: N801
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):
            return ndimage.correlate(src, kernel, mode="constant", cval=0.0)

        @staticmethod
        def flip(a, code):
            return a[::-1, ::-1] if code == -1 else (a[::-1] if code == 0 else a[:, ::-1])

RELIEF = np.array([[-2.0, -1.0, 0.0],
                   [-1.0, 1.0, 1.0],
                   [0.0, 1.0, 2.0]], dtype=np.float32)

BACKENDS = {
    "scipy": lambda im, k: ndimage.convolve(im, k, mode="constant", cval=0.0),
    "opencv": lambda im, k: cv2.filter2D(im, -1, k,
                                         borderType=cv2.BORDER_CONSTANT),
}


def render_tile(elev, backend="scipy"):
    shade = BACKENDS[backend](elev.astype(np.float32), RELIEF)
    return np.clip(shade, -50.0, 50.0)


class TileCache:
    """Tiny LRU of rendered tiles keyed by (z, x, y, backend)."""

    def __init__(self, size=64):
        self.size, self.store = size, {}

    def get(self, key, elev):
        if key not in self.store:
            if len(self.store) >= self.size:
                self.store.pop(next(iter(self.store)))
            self.store[key] = render_tile(elev, key[-1])
        return self.store[key]


def backends_agree(tile):
    outs = {name: f(tile, RELIEF) for name, f in BACKENDS.items()}
    ref = outs.pop("scipy")
    return all(np.allclose(o, ref, atol=1e-3) for o in outs.values())


yy, xx = np.mgrid[:48, :48].astype(np.float32)
tile = 30.0 * np.exp(-((xx - 20) ** 2 + (yy - 26) ** 2) / 120.0) + 0.1 * xx
print("rendered", render_tile(tile, "opencv").shape)
print("EVAL-RESULT:", "agree" if backends_agree(tile) else "differ")
