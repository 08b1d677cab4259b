"""convflip: 2-D convolution and cross-correlation with the orientation in the name.

``conv2d`` is true convolution (``scipy.signal.convolve2d``); ``xcorr2d`` is the sliding
window sum deep-learning frameworks call "conv2d". See ``api`` for the exact contract and
``vjp`` for the backward passes.
"""

from . import testing
from ._accel import set_accelerator
from ._direct import set_workers
from .api import conv2d, xcorr2d
from .identify import Identification, identify
from .vjp import conv2d_vjp, xcorr2d_vjp

__all__ = [
    "Identification",
    "conv2d",
    "conv2d_vjp",
    "identify",
    "set_accelerator",
    "set_workers",
    "testing",
    "xcorr2d",
    "xcorr2d_vjp",
]
__version__ = "0.1.0"
