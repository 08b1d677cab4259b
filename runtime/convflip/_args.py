"""Argument checking shared by every public function.

Each check raises with a message that names the argument and the values it accepts, so a
caller can fix the call without reading this module.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

MODES = ("full", "valid", "same")
METHODS = ("auto", "direct", "fft")
_BOUNDARY_ALIASES = {
    "fill": "fill",
    "pad": "fill",
    "wrap": "wrap",
    "circular": "wrap",
    "symm": "symm",
    "symmetric": "symm",
}


def _quoted(values) -> str:
    items = [repr(v) for v in values]
    return ", ".join(items[:-1]) + " or " + items[-1]


def check_mode(mode) -> str:
    if not isinstance(mode, str) or mode not in MODES:
        raise ValueError(f"mode must be {_quoted(MODES)}, got {mode!r}")
    return mode


def check_method(method) -> str:
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"method must be {_quoted(METHODS)}, got {method!r}")
    return method


def check_boundary(boundary) -> str:
    if not isinstance(boundary, str) or boundary not in _BOUNDARY_ALIASES:
        raise ValueError(f"boundary must be {_quoted(_BOUNDARY_ALIASES)}, got {boundary!r}")
    return _BOUNDARY_ALIASES[boundary]


def _check_kind(name: str, dtype: np.dtype, what: str) -> None:
    if dtype.kind in "iufc" or (dtype.kind == "b" and what == "input"):
        return
    raise TypeError(
        f"{name} has dtype {dtype}, which is not supported; accepted dtypes are bool "
        "(mixed with a numeric operand), signed/unsigned integers, float32, float64, "
        "longdouble and complex"
    )


def as_operand(name: str, value) -> np.ndarray:
    """Convert one operand to an ndarray with at least 2 non-empty core dimensions."""
    arr = np.asarray(value)
    _check_kind(name, arr.dtype, "input")
    if arr.ndim < 2:
        raise ValueError(
            f"{name} must have at least 2 dimensions (..., rows, cols), got ndim={arr.ndim}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr


def result_dtype(x: np.ndarray, k: np.ndarray, dtype) -> np.dtype:
    """The accumulation/output dtype: ``dtype`` if given, else ``np.result_type(x, k)``."""
    if dtype is not None:
        try:
            out = np.dtype(dtype)
        except TypeError as exc:
            raise TypeError(f"dtype must be a numpy numeric dtype, got {dtype!r}") from exc
        _check_kind("dtype", out, "output")
        if out == np.float16:
            raise TypeError("dtype must not be float16 (too few bits to accumulate in)")
        return out
    out = np.result_type(x, k)
    if out.kind == "b":
        raise TypeError(
            "x and k are both bool, which is ambiguous (logical or count?); "
            "pass dtype= (e.g. dtype=np.int64) to count"
        )
    if out == np.float16:
        raise TypeError(
            "x and k combine to float16, which is not supported; pass dtype=np.float32"
        )
    _check_kind("x and k", out, "output")
    return out


def batch_shape(x: np.ndarray, k: np.ndarray) -> tuple[int, ...]:
    """Broadcast the leading (batch) dimensions like a gufunc ``(h,w),(p,q)->(r,s)``."""
    if x.ndim == 2 and k.ndim == 2:
        return ()
    try:
        return np.broadcast_shapes(x.shape[:-2], k.shape[:-2])
    except ValueError:
        raise ValueError(
            f"leading dimensions of x {x.shape[:-2]} and k {k.shape[:-2]} must broadcast "
            "(core dimensions are the last two)"
        ) from None


def fill_scalar(fillvalue, out_dtype: np.dtype, boundary: str = "fill"):
    """Check ``fillvalue`` and convert it to ``out_dtype`` the way scipy does.

    Only the 'fill' boundary reads the fill value. For 'wrap' and 'symm' scipy ignores it
    entirely, so any numeric scalar is accepted there (out of the output's range, NaN,
    complex for a real output) and the engines get a zero they never read. A fillvalue that
    is not a one-element number still raises there (scipy ignores even ``'a'``): a
    deliberate difference, since such an argument is a mistake in the call.
    """
    if type(fillvalue) is int and (out_dtype.kind in "fc" or fillvalue == 0):
        return out_dtype.type(fillvalue)
    arr = _one_number(fillvalue)
    if boundary != "fill":
        return out_dtype.type(0)
    val = arr.reshape(()).item()
    if isinstance(val, complex) and out_dtype.kind != "c":
        raise ValueError(
            f"fillvalue {val!r} is complex and cannot be cast to the {out_dtype} output; "
            "pass a real fillvalue or a complex dtype"
        )
    if out_dtype.kind in "iu":
        return _int_fill(val, out_dtype)
    return out_dtype.type(val)


def _one_number(fillvalue) -> np.ndarray:
    arr = np.asarray(fillvalue)
    if arr.size != 1:
        raise ValueError(
            f"fillvalue must be a scalar or an array with one element, got shape {arr.shape}"
        )
    if arr.dtype.kind not in "biufc":
        raise TypeError(f"fillvalue must be a number, got dtype {arr.dtype}")
    return arr


def _int_fill(val, out_dtype: np.dtype):
    if isinstance(val, float):
        if not np.isfinite(val):
            raise ValueError(f"fillvalue {val!r} cannot be cast to the {out_dtype} output")
        val = int(val)  # truncation toward zero, as scipy does
    info = np.iinfo(out_dtype)
    if not info.min <= int(val) <= info.max:
        raise ValueError(
            f"fillvalue {val!r} does not fit the {out_dtype} output "
            f"(accepted range {info.min}..{info.max})"
        )
    return out_dtype.type(int(val))


class Geometry(NamedTuple):
    """A call reduced to 'valid cross-correlation of a padded image with a kernel'."""

    swap: bool  # 'valid' with a kernel larger than the image: the roles swap
    pads: tuple[tuple[int, int], tuple[int, int]]  # (top, bottom), (left, right)
    out_shape: tuple[int, int]


@functools.lru_cache(maxsize=1024)
def geometry(mode: str, img: tuple[int, int], ker: tuple[int, int], conv: bool) -> Geometry:
    """Padding and output size of one call; raises for an invalid 'valid' combination."""
    if mode == "valid":
        smaller = all(m <= n for n, m in zip(img, ker, strict=True))
        larger = all(m >= n for n, m in zip(img, ker, strict=True))
        if not (smaller or larger):
            raise ValueError(
                "for mode 'valid', k must be at least as large as x in every dimension "
                f"or at most as large in every dimension, got x core shape {img} and "
                f"k core shape {ker}"
            )
        out = tuple(abs(n - m) + 1 for n, m in zip(img, ker, strict=True))
        return Geometry(not smaller, ((0, 0), (0, 0)), out)
    if mode == "full":
        pads = tuple((m - 1, m - 1) for m in ker)
        out = tuple(n + m - 1 for n, m in zip(img, ker, strict=True))
        return Geometry(False, pads, out)
    if conv:
        pads = tuple((m // 2, (m - 1) // 2) for m in ker)
    else:
        pads = tuple(((m - 1) // 2, m // 2) for m in ker)
    return Geometry(False, pads, tuple(img))
