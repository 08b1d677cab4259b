"""The compiled direct engine (``convflip._cdirect``, built from ``_cdirect.c`` when a C
compiler is present at install time; without it everything runs on the other engines).

It sums the valid cross-correlation of the fill-padded image with the kernel directly and
computes only the outputs asked for ('valid' reads the image in place, 'same' and 'full' pad
one row at a time). Floats are summed in their own type, every tap multiplied, so NaN and inf
stay local as in scipy's loop; integers are summed modulo ``2**bits`` of the output (unsigned
arithmetic), which is exactly how scipy's integer results wrap, so no magnitude bound is
needed. The loops run without the GIL, threaded over chunks of rows that the threads take
from a shared counter.
"""

from __future__ import annotations

import numpy as np

from . import _direct

try:  # pragma: no cover - depends on the build
    from . import _cdirect
except ImportError:  # pragma: no cover
    _cdirect = None

# operand type codes of _cdirect.c
_TYPES = {
    np.dtype(t): code
    for code, t in enumerate(
        (np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64, np.int64,
         np.float32, np.float64, np.bool_)
    )
}  # fmt: skip
# accumulator per output dtype: unsigned of the output's width (16 bits for 8-bit outputs)
_ACCUMULATORS = {
    **{np.dtype(t): 0 for t in (np.uint8, np.int8, np.uint16, np.int16)},
    **{np.dtype(t): 1 for t in (np.uint32, np.int32)},
    **{np.dtype(t): 2 for t in (np.uint64, np.int64)},
    np.dtype(np.float32): 3,
    np.dtype(np.float64): 4,
}
_FLIP = 1 << 12
# None: the cost model chooses; True: every call it can sum (tests); False: never
mode: bool | None = None
# multiply-adds from which a call is split over the engine's threads: 2 threads start and join
# in 20-50 us here, 2**21 multiply-adds take 90-140 us on one (float64 256² ⊛ 15² rank-1
# 'same', the fused passes: see runtime/README.md)
THREAD_MIN_WORK = 1 << 21


def available() -> bool:
    """Whether the compiled engine was built and imports."""
    return _cdirect is not None


def isa() -> str:
    """The row loops the engine dispatched to at load time ('x86-64-v4' with AVX-512,
    'avx2', 'default'; '' without the engine)."""
    if _cdirect is None:
        return ""
    return _cdirect.isa() if hasattr(_cdirect, "isa") else "default"


def set_engine(enabled: bool | None) -> None:
    """Force the compiled engine on every call it can sum (True), keep it off (False), or
    let the cost model choose (None, the default). For tests and benchmarks."""
    global mode
    if enabled is not None and not isinstance(enabled, bool):
        raise TypeError(f"enabled must be True, False or None, got {enabled!r}")
    mode = enabled


def codes(x_dtype: np.dtype, k_dtype: np.dtype, out_dtype: np.dtype, flip: bool = False):
    """The engine's type codes for these operand and output dtypes, or None when it cannot
    sum them (complex, longdouble, float16, non-native byte order, no build, turned off)."""
    if _cdirect is None or mode is False:
        return None
    xt, kt, acc = _TYPES.get(x_dtype), _TYPES.get(k_dtype), _ACCUMULATORS.get(out_dtype)
    if xt is None or kt is None or acc is None:
        return None
    if out_dtype.kind != "f" and (x_dtype.kind == "f" or k_dtype.kind == "f"):
        return None
    return xt | kt << 4 | acc << 8 | (_FLIP if flip else 0)


def correlate(img, kk, pads, fill, out_shape, out_dtype: np.dtype, batch, code) -> np.ndarray:
    """Valid correlation of ``img`` padded by ``pads`` with the value ``fill`` ('fill'
    boundary, or no padding) with ``kk``, in ``out_dtype``; ``code`` from ``codes``."""
    top, left = pads[0][0], pads[1][0]
    fill = float(fill) if out_dtype.kind == "f" else int(fill)
    if not batch:
        out = np.empty(out_shape, out_dtype)
        _rows(img, kk, out, code, top, left, fill)
        return out
    out = np.empty((*batch, *out_shape), out_dtype)
    for idx in np.ndindex(*batch):
        _rows(_at(img, idx), _at(kk, idx), out[idx], code, top, left, fill)
    return out


def _rows(img, kk, out, code, top, left, fill) -> None:
    """All rows of ``out``, split over the engine's own threads when the work pays for them
    (a thread started and joined in C costs 20-50 us here, a round trip through the Python
    pool 70-190 us; ``THREAD_MIN_WORK``)."""
    work = kk.shape[-2] * kk.shape[-1] * out.size
    if work < THREAD_MIN_WORK:
        _cdirect.correlate(img, kk, out, code, top, left, fill)
        return
    oh = out.shape[0]
    _cdirect.correlate(img, kk, out, code, top, left, fill, 0, oh, min(_direct.workers(), oh))


def _at(arr: np.ndarray, idx: tuple[int, ...]) -> np.ndarray:
    """The 2-D core of ``arr`` at batch index ``idx`` (size-1 dimensions broadcast)."""
    lead = arr.ndim - 2
    sub = idx[len(idx) - lead :] if lead else ()
    return arr[tuple(0 if arr.shape[d] == 1 else i for d, i in enumerate(sub))]
