"""The fix cases: one or more per fix a rule declares (see harness.py for the checks).

Snippets name their arrays ``plane`` and ``taps`` (never a template slot name), and
each defines ``compute(plane, taps)``.
"""

from __future__ import annotations

import types

import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d, correlate

from .harness import FixCase

ODD_KERNELS = ((3, 3), (1, 5), (5, 3))
REAL = ("int", "float")


def rotated(mode: str):
    """The intent of a kernel flip: convolve with the 180°-rotated kernel."""
    return lambda plane, taps: convolve2d(plane, taps[::-1, ::-1], mode)


def rotated_twice(mode: str):
    """The intent of a documented convolution: convolve with the kernel as given."""
    return lambda plane, taps: convolve2d(plane, taps, mode)


def _window_valid(image: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """torch's conv2d on one plane: the plain window sum, no conjugation (semantics D7, D9)."""
    kh, kw = weights.shape
    rows, cols = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    out = np.zeros((rows, cols), dtype=np.result_type(image, weights))
    for r in range(rows):
        for c in range(cols):
            out[r, c] = (image[r : r + kh, c : c + kw] * weights).sum()
    return out


def torch_stub() -> types.ModuleType:
    """Just enough of torch for a snippet: from_numpy and F.conv2d on (1, 1, h, w) arrays.

    torch is not installed in the test environment; the stub implements the measured
    behaviour of ``F.conv2d`` (semantics.md D7/D9, checked against real torch there).
    """
    torch = types.ModuleType("torch")
    nn = types.ModuleType("torch.nn")
    functional = types.ModuleType("torch.nn.functional")
    functional.conv2d = lambda inp, weight: _window_valid(inp[0, 0], weight[0, 0])[None, None]
    torch.from_numpy = np.asarray
    torch.nn, nn.functional = nn, functional
    return torch


def _torch_modules() -> dict:
    def part(name: str):
        def make() -> types.ModuleType:
            torch = torch_stub()
            return {
                "torch": torch,
                "torch.nn": torch.nn,
                "torch.nn.functional": torch.nn.functional,
            }[name]

        return make

    return {name: part(name) for name in ("torch", "torch.nn", "torch.nn.functional")}


NAIVE_VS_CONVOLVE = """\
import numpy as np
from scipy import signal

def naive(image, weights):
    wh, ww = weights.shape
    rows, cols = image.shape[0] - wh + 1, image.shape[1] - ww + 1
    out = np.zeros((rows, cols), dtype=np.result_type(image, weights))
    for r in range(rows):
        for c in range(cols):
            out[r, c] = np.sum(image[r:r + wh, c:c + ww] * weights)
    return out

def compute(plane, taps):
    ours = naive(plane, taps)
    theirs = signal.convolve2d(plane, taps, "valid")
    print(ours, theirs)
    return ours, theirs
"""

SEED_LIKE = """\
import numpy as np
import convflip as cf
from scipy.signal import convolve2d

def compute(plane, taps):
    corner = (plane[:3, :3] * taps).sum()
    top_left = convolve2d(plane, taps, "valid")[0, 0]
    print(corner, top_left)
    return corner, top_left
"""

FRAMEWORK_CHECK = """\
import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d

def compute(plane, taps):
    ref = convolve2d(plane, taps, "valid")
    got = F.conv2d(torch.from_numpy(plane)[None, None], torch.from_numpy(taps)[None, None])
    print(np.asarray(got[0, 0]), ref)
    return np.asarray(got[0, 0]), ref
"""

LAYER = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d

class ConvLayer:
    def __init__(self, weights):
        self.weights = weights

    def forward(self, image):
        self.image = image
        return correlate2d(image, self.weights, "valid")

    def backward(self, upstream):
        self.dweights = correlate2d(self.image, upstream, "valid")
        return correlate2d(upstream, self.weights, "full")

def compute(plane, taps):
    layer = ConvLayer(taps)
    out = layer.forward(plane)
    return layer.backward(np.arange(out.size).reshape(out.shape) % 3 - 1)
"""


def _layer_gradient(plane, taps):
    """∂L/∂x of out = correlate2d(x, K, 'valid') (real K): conv2d(g, K, 'full') (F7)."""
    out_shape = (plane.shape[0] - taps.shape[0] + 1, plane.shape[1] - taps.shape[1] + 1)
    upstream = np.arange(out_shape[0] * out_shape[1]).reshape(out_shape) % 3 - 1
    return convolve2d(upstream, taps, "full")


FILTER2D = """\
import cv2
import numpy as np
from scipy import ndimage

def compute(plane, taps):
    shear = np.array([[0, 0, 1], [0, 2, 0], [0, 0, 0]], dtype=np.float64)
    out = cv2.filter2D(plane.astype(np.float64), -1, shear)
    print(out, ndimage.convolve(plane, shear, mode="mirror"))
    return out
"""

_SHEAR = np.array([[0, 0, 1], [0, 2, 0], [0, 0, 0]], dtype=np.float64)


def _sheared(plane, taps):
    return ndimage.convolve(plane.astype(float), _SHEAR, mode="mirror")


SLOPE = """\
import numpy as np
from scipy.signal import convolve2d

def compute(plane, taps):
    slope = convolve2d(plane, [[-1, 0, 1]], "same")
    rising = np.all(slope[:, 1:-1] > 0)
    return slope
"""

RENDER = '''\
from scipy.signal import correlate2d

def render(sky, beam):
    """Image formation: the sky seen through the instrument PSF."""
    return correlate2d(sky, beam, "same")

def compute(plane, taps):
    return render(plane, taps)
'''

OBSERVE = '''\
from scipy.signal import convolve2d

def observe(scene, psf):
    """Forward model: convolve the scene with the telescope PSF."""
    return convolve2d(scene, psf[::-1, ::-1], "same")

def compute(plane, taps):
    return observe(plane, taps)
'''

WINDOW_LOOP = """\
import numpy as np

def slide(image, weights):
    ih, iw = image.shape
    wh, ww = weights.shape
    out = np.zeros((ih - wh + 1, iw - ww + 1))
    for r in range(ih - wh + 1):
        for c in range(iw - ww + 1):
            out[r, c] = np.sum(image[r:r + wh, c:c + ww] * weights)
    return out

def compute(plane, taps):
    return slide(plane, taps)
"""

CHIRP_MATCH = """\
import numpy as np
from scipy.signal import fftconvolve

def compute(plane, taps):
    chirp = np.exp(1j * np.linspace(0, 4, 9) ** 2)
    xcorr = fftconvolve(plane.ravel(), chirp[::-1])
    return xcorr
"""


def _chirp_correlation(plane, taps):
    """What the name promises: the (conjugating) cross-correlation with the chirp (A2)."""
    chirp = np.exp(1j * np.linspace(0, 4, 9) ** 2)
    return correlate(plane.ravel(), chirp)


def flipped_into(call: str, mode: str, kernel: str = "taps[::-1, ::-1]") -> str:
    """A rotation written into a call, for CNV501."""
    return (
        f"import numpy as np\nimport scipy.signal as ss\n\n"
        f"def compute(plane, taps):\n"
        f"    edge = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])\n"
        f"    return ss.{call}(plane, {kernel}, mode={mode!r})\n"
    )


INTEGER_FFT = """\
import numpy as np
from scipy import signal

def compute(plane, taps):
    counts = plane.astype(np.int64)
    weights = taps.astype(np.int64)
    return signal.convolve(counts, weights).astype(np.int64)
"""


CASES: list[FixCase] = [
    FixCase("CNV101", "naive-loop", NAIVE_VS_CONVOLVE, safe=False, agree=True),
    FixCase(
        "CNV101",
        "naive-loop",
        NAIVE_VS_CONVOLVE,
        False,
        agree=True,
        fix_target="scipy",
        dtypes=REAL,
    ),
    FixCase("CNV101", "seed-corner", SEED_LIKE, safe=False, agree=True, kernels=((3, 3),)),
    FixCase(
        "CNV204",
        "shear",
        FILTER2D,
        safe=False,
        dtypes=("float",),
        intended=lambda plane, taps: ndimage.convolve(plane.astype(float), _SHEAR, mode="mirror"),
    ),
    FixCase(
        "CNV205", "torch-check", FRAMEWORK_CHECK, safe=False, agree=True, stubs=_torch_modules()
    ),
    FixCase(
        "CNV205",
        "torch-check",
        FRAMEWORK_CHECK,
        safe=False,
        agree=True,
        stubs=_torch_modules(),
        fix_target="scipy",
        dtypes=REAL,
    ),
    FixCase(
        "CNV206", "layer-input-grad", LAYER, safe=False, intended=_layer_gradient, dtypes=REAL
    ),
    FixCase(
        "CNV206",
        "layer-input-grad",
        LAYER,
        safe=False,
        intended=_layer_gradient,
        dtypes=REAL,
        fix_target="scipy",
    ),
    FixCase(
        "CNV301",
        "noop-chain",
        """\
from scipy.signal import convolve2d

def compute(plane, taps):
    return convolve2d(plane, taps[::-1][::-1], "valid")
""",
        safe=False,
        intended=rotated("valid"),
    ),
    FixCase(
        "CNV301",
        "flipud-named",
        """\
import numpy as np
from scipy.signal import convolve2d

def compute(plane, taps):
    flipped = np.flipud(taps)
    return convolve2d(plane, flipped, "full")
""",
        safe=False,
        intended=rotated("full"),
    ),
    FixCase(
        "CNV302",
        "transpose",
        """\
from scipy.signal import convolve2d

def compute(plane, taps):
    flipped = taps.T
    return convolve2d(plane, flipped, "full")
""",
        safe=False,
        intended=rotated("full"),
    ),
    FixCase(
        "CNV303",
        "quarter-turn",
        """\
import numpy as np
import scipy.signal as ss

def input_gradient(delta, weights):
    return ss.convolve2d(delta, np.rot90(weights), mode="full")

def compute(plane, taps):
    return input_gradient(plane, taps)
""",
        safe=False,
        intended=rotated("full"),
    ),
    FixCase(
        "CNV201",
        "signed-slope",
        SLOPE,
        safe=False,
        kernels=((3, 3),),
        intended=lambda plane, taps: convolve2d(plane, [[1, 0, -1]], "same"),
    ),
    FixCase("CNV202", "render", RENDER, safe=False, intended=rotated_twice("same")),
    FixCase("CNV203", "observe", OBSERVE, safe=False, intended=rotated_twice("same")),
    FixCase("CNV403", "integer-fft", INTEGER_FFT, safe=False, dtypes=REAL),
    FixCase("CNV102", "canonical-loop", WINDOW_LOOP, safe=False, dtypes=REAL),
    FixCase(
        "CNV401",
        "chirp-match",
        CHIRP_MATCH,
        safe=False,
        intended=_chirp_correlation,
        dtypes=REAL,
        kernels=((3, 3),),
    ),
    FixCase("CNV501", "valid", flipped_into("convolve2d", "valid"), safe=False),
    FixCase("CNV501", "full", flipped_into("convolve2d", "full"), safe=False),
    FixCase(
        "CNV501",
        "same-odd-only",
        flipped_into("convolve2d", "same"),
        safe=False,
        kernels=ODD_KERNELS,
    ),
    FixCase(
        "CNV501",
        "literal-odd-same",
        flipped_into("correlate2d", "same", "np.flip(edge)"),
        safe=False,
    ),
    FixCase(
        "CNV501",
        "valid",
        flipped_into("convolve2d", "valid"),
        safe=False,
        dtypes=REAL,
        fix_target="scipy",
    ),
]
