"""Small problems through ``scipy.ndimage.correlate`` (lowest per-call overhead here).

ndimage is a direct loop with double accumulation, but it silently drops every weight with
``|w| <= DBL_EPSILON`` (including zeros and NaN), which would change results (``inf * 0``,
tiny kernels). It is used only when no weight is dropped: every ``|kk| > DBL_EPSILON``. Then
its sum is a direct sum of all taps: NaN/inf stay local exactly as in scipy's loop, and for
integer data with ``taps * max|x| * max|k| < 2**53`` the double accumulation is exact.
"""

from __future__ import annotations

import numpy as np
import scipy.ndimage as ndi

_EPS = float(np.finfo(np.float64).eps)
_MODES = {"fill": "constant", "wrap": "grid-wrap", "symm": "reflect"}
# Above this many multiply-adds the tiled, threaded shift-and-add is faster.
MAX_WORK = 1 << 20


def eligible(img: np.ndarray, kk: np.ndarray, pads, boundary: str) -> bool:
    """Whether ndimage gives exactly the direct sum of this call."""
    if kk.ndim != 2 or img.dtype.kind not in "biuf" or kk.dtype.kind not in "biuf":
        return False
    (top, bottom), (left, right) = pads
    kh, kw = kk.shape
    h, w = img.shape[-2:]
    if any(pads[0]) or any(pads[1]):
        if top + bottom != kh - 1 or left + right != kw - 1:
            return False  # 'full': the output is larger than the image
        if boundary != "fill" and (max(top, bottom) > h or max(left, right) > w):
            return False  # multi-period extension: leave it to np.pad
    with np.errstate(invalid="ignore"):
        return bool((np.abs(kk.astype(np.float64)) > _EPS).all())


def correlate(img, kk, pads, boundary: str, fill, out_shape, out_dtype) -> np.ndarray:
    """Valid correlation of the padded image with ``kk`` through ndimage."""
    (top, _), (left, _) = pads
    kh, kw = kk.shape
    origin = (top - kh // 2, left - kw // 2)
    lead = img.shape[:-2]
    flat = img.reshape((-1, *img.shape[-2:]))
    out = np.empty(flat.shape, out_dtype)
    ndi.correlate(
        flat,
        np.asarray(kk, np.float64)[None],
        output=out,
        mode=_MODES[boundary],
        cval=float(np.real(fill)),
        origin=(0, *origin),
    )
    return out[..., : out_shape[0], : out_shape[1]].reshape(lead + tuple(out_shape))
