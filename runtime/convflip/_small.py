"""Small problems through scipy's C loops: ``scipy.ndimage.correlate`` (lowest per-call
overhead here), and ``scipy.signal.convolve2d`` for a few outputs of a large kernel.

ndimage is a direct loop with double accumulation, but it silently drops every weight with
``|w| <= DBL_EPSILON`` (including zeros and NaN), which would change float results
(``inf * 0``, tiny kernels). For float data it is used only when no weight is dropped: every
``|kk| > DBL_EPSILON`` (integer data loses only exact zeros, which add exactly 0). Then
its sum is a direct sum of all taps: NaN/inf stay local exactly as in scipy's loop, and for
integer data with ``taps * max|x| * max|k| < 2**53`` the double accumulation is exact.

On a 64² image the public wrapper costs about as much as a 3x3 filter itself (its argument
normalisation), so the C routine behind it is called directly, with the arguments the wrapper
would pass. That routine is private: it is used only after a one-time probe showed it gives
the public function's result bit for bit on every boundary, otherwise the public one is.
"""

from __future__ import annotations

import functools

import numpy as np
import scipy.ndimage as ndi
import scipy.signal as ss

try:  # pragma: no cover - depends on the scipy version
    from scipy.ndimage import _nd_image, _ni_support
except ImportError:  # pragma: no cover
    _nd_image = _ni_support = None
try:  # pragma: no cover - depends on the scipy version
    from scipy.signal import _signaltools, _sigtools
except ImportError:  # pragma: no cover
    _signaltools = _sigtools = None

_EPS = float(np.finfo(np.float64).eps)
_MODES = {"fill": "constant", "wrap": "grid-wrap", "symm": "reflect"}
# Above this many multiply-adds the tiled, threaded shift-and-add is faster.
MAX_WORK = 1 << 20
# kernels up to this many taps are checked as a Python list (a numpy reduction costs ~2 us)
_LIST_TAPS = 256
_LIST_CHECK_TAPS = 16
# scipy.signal.convolve2d's direct C loop: per call, per multiply-add (1.1-1.2 ns measured
# for 64² images with 32²-63² kernels, every dtype; 21 us for 64² ⊛ 63² 'valid') and per
# output (int64 256²-512² ⊛ 3² 'valid' ran 2.6-2.7 ns per multiply-add: 13 ns an output)
LOOP_OVERHEAD, LOOP_COST, LOOP_OUTPUT = 5e-6, 1.15e-9, 13e-9
LOOP_DTYPES = frozenset(np.dtype(t) for t in "bBhHiIlLqQfdFD")


def kernel_values(kk: np.ndarray) -> list | None:
    """The taps of a small 2-D kernel as Python numbers (None for large kernels)."""
    return kk.ravel().tolist() if kk.size <= _LIST_TAPS else None


def eligible(img: np.ndarray, kk: np.ndarray, pads, boundary: str) -> bool:
    """Whether ndimage gives exactly the direct sum of this call."""
    if kk.ndim != 2 or img.dtype.kind not in "biuf" or kk.dtype.kind not in "biuf":
        return False
    (top, bottom), (left, right) = pads
    kh, kw = kk.shape
    h, w = img.shape[-2:]
    if top or bottom or left or right:
        if top + bottom != kh - 1 or left + right != kw - 1:
            return False  # 'full': the output is larger than the image
        if boundary != "fill" and (max(top, bottom) > h or max(left, right) > w):
            return False  # multi-period extension: leave it to np.pad
    if kk.dtype.kind in "biu" and img.dtype.kind in "biu":
        return True  # integer data: a dropped weight is an exact zero and adds exactly 0
    values = kernel_values(kk) if kk.size <= _LIST_CHECK_TAPS else None
    if values is not None:
        return all(abs(v) > _EPS for v in values)
    with np.errstate(invalid="ignore"):
        return bool(np.abs(kk).min() > _EPS)  # NaN compares False


def loop_ok(img: np.ndarray, kk: np.ndarray, pads, acc: np.dtype) -> bool:
    """Whether scipy.signal.convolve2d's loop can sum this call: 2-D, nothing to pad."""
    return img.ndim == 2 and kk.ndim == 2 and acc in LOOP_DTYPES and not any(sum(pads, ()))


def loop_cost(work: int, outputs: int) -> float:
    return LOOP_OVERHEAD + LOOP_COST * work + LOOP_OUTPUT * outputs


def loop_correlate(img: np.ndarray, kk: np.ndarray, acc: np.dtype) -> np.ndarray:
    """Valid correlation by scipy.signal.convolve2d's direct loop in ``acc``.

    That loop is the reference the runtime promises to equal: every tap is multiplied (NaN
    and inf stay local as in scipy), and integers wrap in ``acc`` exactly as scipy's do. It
    has the lowest per-call cost, which wins when a kernel nearly as large as the image
    leaves a few outputs.
    """
    if img.dtype != acc:
        img = img.astype(acc)
    kernel = kk[::-1, ::-1] if kk.dtype == acc else kk[::-1, ::-1].astype(acc)
    flags = _loop_flags()
    if flags is None:
        return ss.convolve2d(img, kernel, "valid")
    return _sigtools._convolve2d(img, kernel, 1, *flags)  # 1: convolve


@functools.cache
def _loop_flags() -> tuple | None:
    """Mode and boundary flags of the C loop behind convolve2d, called without the wrapper
    (its checks cost about 7 us, a third of a 64² ⊛ 63² 'valid' call), if the private routine
    gives the public result bit for bit; checked once, otherwise the public one is used."""
    if _sigtools is None:  # pragma: no cover
        return None
    try:
        flags = (_signaltools._valfrommode("valid"), _signaltools._bvalfromboundary("fill"), 0)
        rng = np.random.default_rng(9)
        for dtype in (np.float64, np.float32, np.int64, np.uint8, np.complex128):
            img = rng.standard_normal((9, 8)) * 50 + 1j * rng.standard_normal((9, 8)) * 9
            kk = rng.standard_normal((5, 3)) * 50 + 1j * rng.standard_normal((5, 3)) * 9
            if np.dtype(dtype).kind != "c":
                img, kk = img.real, kk.real
            img, kk = img.astype(dtype), kk.astype(dtype)
            want = ss.convolve2d(img, kk[::-1, ::-1], "valid")
            got = _sigtools._convolve2d(img, kk[::-1, ::-1], 1, *flags)
            if got.dtype != want.dtype or not np.array_equal(got, want):
                return None
    except Exception:  # pragma: no cover - any change in the private API: use the public one
        return None
    return flags


def correlate(img, kk, pads, boundary: str, fill, out_shape, out_dtype) -> np.ndarray:
    """Valid correlation of the padded image with ``kk`` through ndimage."""
    (top, _), (left, _) = pads
    kh, kw = kk.shape
    origin = [top - kh // 2, left - kw // 2]
    weights = np.ascontiguousarray(kk, dtype=np.float64)
    cval = float(np.real(fill))
    if img.ndim == 2:
        out = np.empty(img.shape, out_dtype)
        _correlate(img, weights, out, boundary, cval, origin)
        return out[: out_shape[0], : out_shape[1]]
    lead = img.shape[:-2]
    flat = img.reshape((-1, *img.shape[-2:]))
    out = np.empty(flat.shape, out_dtype)
    _correlate(flat, weights[None], out, boundary, cval, [0, *origin])
    return out[..., : out_shape[0], : out_shape[1]].reshape(lead + tuple(out_shape))


def _correlate(img, weights, out, boundary: str, cval: float, origin: list) -> None:
    codes = _private_codes()
    if codes is None:
        ndi.correlate(img, weights, output=out, mode=_MODES[boundary], cval=cval, origin=origin)
    else:
        _nd_image.correlate(img, weights, out, codes[boundary], cval, origin)


@functools.cache
def _private_codes() -> dict | None:
    """Boundary codes for the private C routine, if it matches the public function."""
    if _nd_image is None:  # pragma: no cover
        return None
    try:
        codes = {b: _ni_support._extend_mode_to_code(m) for b, m in _MODES.items()}
        rng = np.random.default_rng(7)
        img = rng.standard_normal((9, 8))
        weights = rng.standard_normal((3, 4))
        for boundary, name in _MODES.items():
            want = ndi.correlate(img, weights, mode=name, cval=0.5, origin=[1, -1])
            got = np.empty_like(img)
            _nd_image.correlate(img, weights, got, codes[boundary], 0.5, [1, -1])
            if not np.array_equal(got, want):
                return None
    except Exception:  # pragma: no cover - any change in the private API: use the public one
        return None
    return codes
