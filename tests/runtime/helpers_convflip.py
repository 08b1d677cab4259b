"""Tolerances and data builders shared by the runtime tests."""

from __future__ import annotations

import numpy as np
import scipy.signal as ss


def float_tolerance(x, k, dtype) -> float:
    """Rounding bound ``c * eps * max|x| * sum|k|`` with ``c`` ~ the tap count."""
    eps = np.finfo(np.dtype(dtype)).eps if np.dtype(dtype).kind in "fc" else 0.0
    taps = np.size(k) if np.ndim(k) == 2 else np.shape(k)[-1] * np.shape(k)[-2]
    scale = float(np.max(np.abs(x))) * float(np.max(np.sum(np.abs(k), axis=(-2, -1))))
    return 4 * (taps + 8) * eps * max(scale, np.finfo(np.float64).tiny)


def assert_matches(got, want, x, k, dtype=None):
    """Bit-exact for integer dtypes, the float contract otherwise; dtype and shape equal."""
    want = np.asarray(want)
    assert got.shape == want.shape
    if dtype is not None:
        assert got.dtype == np.dtype(dtype)
    if got.dtype.kind in "iub":
        np.testing.assert_array_equal(got, want)
    else:
        tol = float_tolerance(x, k, got.dtype)
        np.testing.assert_allclose(got, want.astype(got.dtype), rtol=0, atol=tol)


def make(rng, shape, dtype):
    """Random data of a dtype: full-range integers, normal floats, complex."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    if dtype.kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def scipy_valid_ok(x_shape, k_shape) -> bool:
    smaller = all(m <= n for n, m in zip(x_shape, k_shape, strict=True))
    larger = all(m >= n for n, m in zip(x_shape, k_shape, strict=True))
    return smaller or larger


def scipy_conv(x, k, mode, boundary="fill", fillvalue=0):
    return ss.convolve2d(x, k, mode, boundary, fillvalue)


def scipy_xcorr(x, k, mode, boundary="fill", fillvalue=0):
    """correlate2d conjugates in2; undo it to get the non-conjugating xcorr."""
    return ss.correlate2d(x, np.conj(k), mode, boundary, fillvalue)
