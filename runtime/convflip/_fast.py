"""Shortcuts for repeated calls of one combination of shapes, dtypes and options.

Once ``_core`` has planned a combination (``_costs.float_plan``), a call whose engine the plan
settles by itself, or up to one cheap value check, need not walk the general path again: the
shortcut built here goes straight to filter2D, scipy's C loop or the FFT with the oriented
kernel. It makes the same choice the general path makes for these values, and returns None
where that choice needs more than its check (a zero tap on non-finite input, say); ``_core``
then takes the general path. At 64² cv2's calls take 6-60 us, so the few microseconds of the
general path's bookkeeping were a tenth to a half of a call.

Only real float calls with the default fill value 0, two-dimensional operands of the result
dtype, no operand swap, and an engine that needs no per-call split are shortcut; and integer
calls (fill value 0, two-dimensional, no swap) whose plan settles on the compiled engine,
which is exact for any magnitudes, so that no value is read.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from . import _accel, _compiled, _costs, _direct, _fft, _separable, _small
from ._direct import PaddedImage

# ``all_finite``: up to this size a count of the finite mask (1.6 us for 64² float64, 2.2 us
# for ``isfinite(a).all()``) beats a sum under errstate (3.5 us; 47 against 42 us at 512²).
# A BLAS sum of squares was twice as fast in one thread, but the BLAS library threads it as it
# likes: 2.4 ms for 256² on this loaded machine
_FINITE_MASK_MAX = 1 << 18

Shortcut = Callable[[np.ndarray, np.ndarray], "np.ndarray | None"]


def all_finite(a: np.ndarray) -> bool:
    """True if ``a`` has no NaN/inf; one reduction in the common case (a sum is finite when
    the values are; NaN and inf reach it, and only an overflow of finite data needs the mask)."""
    if a.size > _FINITE_MASK_MAX:
        with np.errstate(all="ignore"):
            if np.isfinite(a.sum()):
                return True
    return np.count_nonzero(np.isfinite(a)) == a.size


def build(plan, geo, boundary: str, method: str, acc: np.dtype, x, k, conv: bool):
    """The shortcut for calls like ``(x, k)`` under ``plan`` (fill value 0), or None."""
    if x.ndim != 2 or k.ndim != 2 or geo.swap or acc.kind != "f" or acc.itemsize > 8:
        return None
    if x.dtype != acc or k.dtype != acc:
        return None
    if plan.compiled_first:
        return _compiled_sum(geo, acc, x, k, conv)
    if plan.compiled_direct:
        shortcut = _compiled_sum(geo, acc, x, k, conv)
    else:
        shortcut = _engine(plan, geo, boundary, method, acc, x, k, conv)
    if shortcut is None or not (plan.try_separable and plan.separable[0]):
        return shortcut
    return _unless_split(shortcut, plan.separable[0], acc, conv)


def build_integer(geo, boundary: str, method: str, out_dtype: np.dtype, x, k, conv: bool):
    """The shortcut for integer calls like ``(x, k)`` (fill value 0) when the compiled engine
    is the plan's choice for every magnitude, else None."""
    if x.ndim != 2 or k.ndim != 2 or geo.swap:
        return None
    settings = (_accel.active(), _direct.workers(), _compiled.mode)
    if not _costs.compiled_first_int(
        x.shape, k.shape, x.dtype, k.dtype, geo, boundary, method, out_dtype, *settings
    ):
        return None
    return _compiled_sum(geo, out_dtype, x, k, conv)


def _compiled_sum(geo, out_dtype: np.dtype, x, k, conv: bool) -> Shortcut | None:
    """The compiled engine, reading the kernel rotated itself for a convolution."""
    code = _compiled.codes(x.dtype, k.dtype, out_dtype, flip=conv)
    if code is None:
        return None
    shape, (top, left) = geo.out_shape, (geo.pads[0][0], geo.pads[1][0])
    taps = k.shape[0] * k.shape[1]
    if _direct.workers() > 1 and taps * shape[0] * shape[1] >= _direct._THREAD_MIN_WORK:
        rows, empty = _compiled._rows, np.empty

        def threaded(x: np.ndarray, k: np.ndarray):
            out = empty(shape, out_dtype)
            rows(x, k, out, code, top, left, 0)
            return out

        return threaded
    run, empty = _compiled._cdirect.correlate, np.empty

    def shortcut(x: np.ndarray, k: np.ndarray):
        return run(x, k, empty(shape, out_dtype), code, top, left, 0)

    return shortcut


def _unless_split(shortcut: Shortcut, rank: int, acc, conv: bool) -> Shortcut:
    """``shortcut`` for kernels the cheap tests rule out for pairs of passes (most kernels
    that are not built as products); the others take the general path, which splits them."""
    ruled_out = _separable.split_ruled_out

    def unless_split(x: np.ndarray, k: np.ndarray):
        return shortcut(x, k) if ruled_out(_oriented(k, conv), acc, rank) else None

    return unless_split


def _engine(plan, geo, boundary: str, method: str, acc, x, k, conv: bool) -> Shortcut | None:
    if plan.cv2_direct and method != "fft":
        return _filter2d(geo, boundary, x.shape, k.shape, conv, acc, finite_only=False)
    if plan.cv2_dft and method != "direct":
        return _filter2d(geo, boundary, x.shape, k.shape, conv, acc, finite_only=True)
    ndimage = plan.ndimage if plan.ndimage_shape_ok else math.inf
    lowest = min(ndimage, plan.tiled, plan.windows, plan.loop, plan.compiled)
    if method == "fft" or (
        method == "auto" and lowest > _costs.DIRECT_FLOOR and plan.fft < lowest
    ):
        return _transform(geo, boundary, acc, plan.tiles, conv, checked=method == "auto")
    if plan.compiled < min(ndimage, plan.tiled, plan.windows, plan.loop):
        return _compiled_sum(geo, acc, x, k, conv)  # as _core: the cheapest direct sum
    if plan.loop < min(ndimage, plan.tiled, plan.windows) and geo.pads == ((0, 0), (0, 0)):
        flags = _small._loop_flags()
        return None if flags is None else _loop(flags, conv)
    return None


def _oriented(k: np.ndarray, conv: bool) -> np.ndarray:
    return k[::-1, ::-1] if conv else k


def _filter2d(
    geo, boundary: str, image, kshape, conv: bool, acc: np.dtype, finite_only: bool
) -> Shortcut | None:
    """filter2D on the image itself ('same' with zero fill or an in-range reflection, and
    'valid'); ``finite_only``: its DFT, which spreads NaN/inf, else its direct sum, which
    keeps them local but drops zero taps (``inf * 0`` would vanish)."""
    (top, bottom), (left, right) = geo.pads
    kh, kw = kshape
    if geo.pads == ((0, 0), (0, 0)):
        anchor, border = (0, 0), _accel.cv2.BORDER_CONSTANT
    elif (
        top + bottom == kh - 1
        and left + right == kw - 1
        and (boundary == "fill" or (boundary == "symm" and max(top, bottom) <= image[0]
                                    and max(left, right) <= image[1]))
    ):  # fmt: skip
        anchor = (left, top)
        border = _accel.cv2.BORDER_CONSTANT if boundary == "fill" else _accel.cv2.BORDER_REFLECT
    else:
        return None
    oh, ow = geo.out_shape
    cut = (oh, ow) != tuple(image)
    filter2d, taps = _accel.cv2.filter2D, kh * kw
    # on its DFT, finiteness is read off the output (see ``_output_finite``)
    after = finite_only and taps > _accel.direct_taps(acc) and _accel.dft_spreads(acc)

    def shortcut(x: np.ndarray, k: np.ndarray):
        kk = k[::-1, ::-1] if conv else k  # filter2D copies a reversed view itself
        if not after and (finite_only or np.count_nonzero(kk) != taps):
            if not (all_finite(x) and all_finite(kk)):
                return None
        # positional: keyword parsing costs cv2's binding 0.35 us a call
        out = filter2d(x, -1, kk, None, anchor, 0, border)
        if after and not _output_finite(out):
            return None
        return np.ascontiguousarray(out[:oh, :ow]) if cut else out

    return shortcut


def _output_finite(out: np.ndarray) -> bool:
    """Whether filter2D's image-sized DFT output (before the cut of 'valid') is finite, which
    proves its operands finite: a NaN or inf in the image makes its DFT block's spectrum
    non-finite (every bin sums every input of the block, and ``inf * 0`` is NaN), so every
    output of that block is non-finite, and every image pixel lies in the window of some
    output of the image-sized result; a non-finite kernel makes every spectrum, so every
    output, non-finite (``_accel.dft_spreads`` confirms once per dtype that filter2D really
    transforms there). A non-finite output sends the call to the general path, which sums
    such input directly. One pass over the output replaces two over the operands (64² ⊛ 15²
    float64: 2.1 us for the image and 1.2-2.4 us for the 225 kernel taps). The pass is
    OpenCV's sum (in float64, without numpy's floating-point warnings): a sum is finite when
    every term is, and only an overflow of finite values needs the mask (64² float64 1.5 us
    against 1.9 us for ``all_finite``, float32 1.3 against 1.8; float32 2048² 0.36 against
    0.66 ms; rt7 helper, timeit, session 7)."""
    return math.isfinite(_accel.cv2.sumElems(out)[0]) or all_finite(out)


def _transform(geo, boundary: str, acc, tiles, conv: bool, checked: bool) -> Shortcut:
    """The FFT; under 'auto' only on finite input (NaN/inf stay local there)."""
    fill = acc.type(0)

    def shortcut(x: np.ndarray, k: np.ndarray):
        kk = _oriented(k, conv)
        if checked and not (all_finite(x) and all_finite(kk)):
            return None
        src = PaddedImage(x, geo.pads, boundary, fill, acc)
        return np.ascontiguousarray(_fft.correlate_valid(src, kk, (), tiles))

    return shortcut


def _loop(flags, conv: bool) -> Shortcut:
    """scipy's C loop (a convolution): the few outputs of a kernel nearly as large as x."""
    loop = _small._sigtools._convolve2d

    def shortcut(x: np.ndarray, k: np.ndarray):
        return loop(x, k if conv else k[::-1, ::-1], 1, *flags)

    return shortcut
