"""2-D filters written the ways people write them, each with a known answer for identify.

Every builder takes the transform ``t`` (relative to xcorr2d), the mode, the boundary rule and
whether the kernel is conjugated, and returns ``fn(x, k)`` or None when that library cannot
express the combination. None of them calls convflip.
"""

from __future__ import annotations

import numpy as np
import scipy.ndimage as nd
import scipy.signal as ss
from convflip import dihedral
from numpy.lib.stride_tricks import sliding_window_view

try:
    import cv2
except ImportError:  # the test extra installs it; stay importable without
    cv2 = None

try:
    import torch
except ImportError:  # never a dependency: only used when present
    torch = None

NP_PAD = {
    "zero": "constant",
    "wrap": "wrap",
    "symmetric": "symmetric",
    "reflect": "reflect",
    "nearest": "edge",
}
SIGNAL_BOUNDARY = {"zero": "fill", "wrap": "wrap", "symmetric": "symm"}
NDIMAGE_MODE = {
    "zero": "constant",
    "wrap": "grid-wrap",
    "symmetric": "reflect",
    "reflect": "mirror",
    "nearest": "nearest",
}


def pads(mode: str, m: int, same_before: int) -> tuple[int, int]:
    """Pad widths of a correlation whose 'same' output puts tap ``same_before`` over x[i]."""
    if mode == "full":
        return (m - 1, m - 1)
    if mode == "valid":
        return (0, 0)
    return (same_before, m - 1 - same_before)


def _taps(t, k, conj):
    taps = dihedral.apply(t, np.asarray(k))
    return np.conj(taps) if conj else taps


def _extended(x, taps, mode, boundary):
    """Pad like convflip.xcorr2d: 'same' anchors tap ((m-1)//2) over x[i]."""
    widths = [pads(mode, m, (m - 1) // 2) for m in taps.shape]
    return np.pad(x, widths, mode=NP_PAD[boundary])


def hand_loop(t, mode, boundary, conj):
    def loop_filter(x, k):
        taps = _taps(t, k, conj)
        ext = _extended(x, taps, mode, boundary)
        mh, mw = taps.shape
        rows, cols = ext.shape[0] - mh + 1, ext.shape[1] - mw + 1
        out = np.zeros((rows, cols), np.result_type(x, k))
        for i in range(rows):
            for j in range(cols):
                out[i, j] = (ext[i : i + mh, j : j + mw] * taps).sum()
        return out

    return loop_filter


def einsum_windows(t, mode, boundary, conj):
    def window_filter(x, k):
        taps = _taps(t, k, conj)
        windows = sliding_window_view(_extended(x, taps, mode, boundary), taps.shape)
        return np.einsum("ijab,ab->ij", windows, taps)

    return window_filter


def scipy_correlate2d(t, mode, boundary, conj):
    """correlate2d conjugates its kernel: pass conj(taps) to get ``conj``."""
    if boundary not in SIGNAL_BOUNDARY or (mode == "valid" and boundary != "zero"):
        return None

    def correlate(x, k):
        taps = _taps(t, k, not conj)
        return ss.correlate2d(x, taps, mode, SIGNAL_BOUNDARY[boundary])

    return correlate


def scipy_convolve2d(t, mode, boundary, conj):
    """convolve2d with the rotated taps. Its 'same' anchor differs from correlate2d's on even
    axes, which the expected offset accounts for (see ``expected_offset``)."""
    if boundary not in SIGNAL_BOUNDARY or (mode == "valid" and boundary != "zero"):
        return None

    def convolve(x, k):
        taps = _taps(t, k, conj)[::-1, ::-1]
        return ss.convolve2d(x, taps, mode, SIGNAL_BOUNDARY[boundary])

    return convolve


def ndimage_correlate(t, mode, boundary, conj):
    """ndimage.correlate conjugates complex weights, like correlate2d."""
    if mode != "same":
        return None

    def correlate(x, k):
        return nd.correlate(x, _taps(t, k, not conj), mode=NDIMAGE_MODE[boundary])

    return correlate


CV2_BORDER = (
    {}
    if cv2 is None
    else {
        "zero": cv2.BORDER_CONSTANT,
        "symmetric": cv2.BORDER_REFLECT,
        "reflect": cv2.BORDER_REFLECT_101,
        "nearest": cv2.BORDER_REPLICATE,
    }
)


def cv2_filter2d(t, mode, boundary, conj):
    if cv2 is None or mode != "same" or boundary not in CV2_BORDER or conj:
        return None

    def filter2d(x, k):
        taps = np.ascontiguousarray(_taps(t, k, False))
        return cv2.filter2D(x, -1, taps, borderType=CV2_BORDER[boundary])

    return filter2d


def torch_conv2d(t, mode, boundary, conj):
    """torch's conv2d is a correlation; 'same' pads like xcorr2d."""
    if torch is None or boundary != "zero" or conj:
        return None

    def conv(x, k):
        taps = np.ascontiguousarray(_taps(t, k, False))
        padding = {"valid": 0, "same": "same", "full": (taps.shape[0] - 1, taps.shape[1] - 1)}
        xt = torch.from_numpy(np.ascontiguousarray(x))[None, None]
        out = torch.nn.functional.conv2d(
            xt, torch.from_numpy(taps)[None, None], padding=padding[mode]
        )
        return out[0, 0].numpy()

    return conv


def expected_offset(builder, t, mode, kernel_shape) -> tuple[int, int]:
    """Where each builder's output starts in the full correlation with its taps."""
    m = dihedral.apply(t, np.zeros(kernel_shape)).shape
    if mode == "full":
        return (0, 0)
    if mode == "valid":
        return (m[0] - 1, m[1] - 1)
    if builder in (ndimage_correlate, cv2_filter2d, scipy_convolve2d):
        return tuple((mi - 1) // 2 for mi in m)  # tap m//2 over x[i]
    return tuple(mi // 2 for mi in m)  # xcorr2d / correlate2d / torch: tap (m-1)//2
