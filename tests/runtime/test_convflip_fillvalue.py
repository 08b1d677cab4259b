"""Fill values and mixed float16 operands agree with scipy.signal.convolve2d (issue 11).

Only the 'fill' boundary reads the fill value; for 'wrap' and 'symm' scipy ignores it, and so
does convflip for every numeric scalar. The one deliberate difference: a fillvalue that is not
a one-element number raises for every boundary (scipy ignores it for 'wrap' and 'symm').
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
import scipy.signal as ss
from convflip import conv2d, xcorr2d

FILLS = [0, 1, -1, 0.5, -2.5, 300, 1e20, float("nan"), 1 + 2j, np.uint8(3), np.float32(1.5)]
BOUNDARIES = ["fill", "pad", "wrap", "circular", "symm", "symmetric"]
MODES = ["full", "same", "valid"]
DTYPES = [
    "int8",
    "uint8",
    "int16",
    "uint16",
    "int64",
    "uint64",
    "float32",
    "float64",
    "complex128",
]


def _outcome(fn, *args):
    """The result, or the exception class, of one call (scipy warns on complex -> real)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*args)
        except (TypeError, ValueError) as exc:
            return type(exc)


def test_symmetric_boundary_ignores_an_unrepresentable_fillvalue():
    # the reproduction from issue 11: the boundary never reads the fill value
    x = np.arange(30, dtype=np.uint8).reshape(5, 6)
    k = np.ones((3, 3), np.uint8)
    got = conv2d(x, k, "same", "symm", fillvalue=-1)
    want = ss.convolve2d(x, k, "same", "symm", fillvalue=-1)
    assert got.dtype == want.dtype == np.uint8
    np.testing.assert_array_equal(got, want)


def test_fill_boundary_still_rejects_an_unrepresentable_fillvalue():
    x = np.arange(30, dtype=np.uint8).reshape(5, 6)
    with pytest.raises(ValueError, match="fillvalue -1 does not fit the uint8 output"):
        conv2d(x, np.ones((3, 3), np.uint8), "same", "fill", fillvalue=-1)


def test_every_fill_boundary_mode_dtype_agrees_with_scipy(accel):
    rng = np.random.default_rng(11)
    x0, k0 = rng.integers(0, 50, (7, 8)), rng.integers(0, 4, (3, 2))
    for fill, boundary, mode, dtype in itertools.product(FILLS, BOUNDARIES, MODES, DTYPES):
        x, k = x0.astype(dtype), k0.astype(dtype)
        want = _outcome(ss.convolve2d, x, k, mode, boundary, fill)
        got = _outcome(conv2d, x, k, mode, boundary, fill)
        where = (fill, boundary, mode, dtype)
        if isinstance(want, type):
            assert got is want, where
            continue
        assert isinstance(got, np.ndarray) and got.dtype == want.dtype, where
        if got.dtype.kind in "iu":
            np.testing.assert_array_equal(got, want, err_msg=str(where))
        else:  # the float contract: a few roundings of the largest term
            rtol = 16 * np.finfo(got.dtype).eps
            np.testing.assert_allclose(got, want, rtol=rtol, atol=0, err_msg=str(where))


@pytest.mark.parametrize("fill", ["a", [1, 2], None])
@pytest.mark.parametrize("boundary", ["wrap", "symm"])
def test_non_numeric_fillvalue_raises_even_where_unused(fill, boundary):
    # deliberate difference: scipy ignores these for 'wrap'/'symm'; they are mistakes
    with pytest.raises((TypeError, ValueError), match="fillvalue must be"):
        conv2d(np.ones((4, 4)), np.ones((2, 2)), "same", boundary, fill)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape", [(8, 9), (64, 64)])
def test_float16_image_with_float32_kernel_like_scipy(accel, mode, shape):
    # issue 11: 'same' and 'valid' raised RuntimeError("array type not supported")
    rng = np.random.default_rng(16)
    x = rng.random(shape).astype(np.float16)
    k = rng.random((3, 3)).astype(np.float32)
    for got, want in (
        (conv2d(x, k, mode), ss.convolve2d(x, k, mode)),
        (xcorr2d(k, x, mode) if mode != "valid" else None, None),
    ):
        if got is None:
            continue
        if want is None:
            want = ss.correlate2d(k, x, mode)
        assert got.dtype == want.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-5 * float(np.abs(want).max()))
