"""The low-overhead path for small problems gives the contract's result on every route."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.ndimage as ndi
from convflip import _small, conv2d, xcorr2d
from helpers_convflip import assert_matches, make, scipy_conv
from hypothesis import given, settings
from hypothesis import strategies as st


def test_private_ndimage_routine_is_used_and_equals_the_public_one(rng, monkeypatch):
    assert _small._private_codes() is not None  # the probe passed on this scipy
    img = make(rng, (3, 20, 17), np.float64)
    kk = make(rng, (4, 3), np.float64)
    pads = ((2, 1), (1, 1))
    for boundary in ("fill", "wrap", "symm"):
        fast = _small.correlate(img, kk, pads, boundary, 0.25, (20, 17), np.float64)
        monkeypatch.setattr(_small, "_private_codes", lambda: None)
        public = _small.correlate(img, kk, pads, boundary, 0.25, (20, 17), np.float64)
        monkeypatch.undo()
        np.testing.assert_array_equal(fast, public)
        want = ndi.correlate(img[0], kk, mode=_small._MODES[boundary], cval=0.25, origin=(0, 0))
        np.testing.assert_array_equal(fast[0], want)


@settings(max_examples=60)
@given(
    st.sampled_from(["uint8", "int8", "int16", "int32", "int64", "uint16"]),
    st.integers(3, 40),
    st.integers(3, 40),
    st.integers(1, 9),
    st.integers(1, 9),
    st.sampled_from(["full", "same", "valid"]),
    st.sampled_from(["fill", "wrap", "symm"]),
    st.floats(0, 1),
    st.integers(0, 2**32 - 1),
)
def test_integer_kernels_with_zero_taps_stay_exact(dt, h, w, kh, kw, mode, boundary, zeros, seed):
    # ndimage drops zero weights; for integer data that adds exactly the same 0
    rng = np.random.default_rng(seed)
    x = make(rng, (h, w), dt)
    k = make(rng, (min(kh, h), min(kw, w)), dt)
    k[rng.random(k.shape) < zeros] = 0
    for fn in (conv2d, xcorr2d):
        got = fn(x, k, mode, boundary)
        if fn is conv2d:
            want = scipy_conv(x, k, mode, boundary)
        else:
            want = scipy_conv(x, k[::-1, ::-1], mode, boundary) if mode != "same" else None
        if want is not None:
            assert_matches(got, want, x, k, want.dtype)


@pytest.mark.parametrize("dt", ["float64", "float32", "int64", "uint8", "int16"])
@pytest.mark.parametrize("m", [1, 3, 7])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_64_square_cells_equal_scipy(accel, rng, dt, m, mode):
    x = make(rng, (64, 64), dt)
    k = make(rng, (m, m), dt)
    assert_matches(conv2d(x, k, mode), scipy_conv(x, k, mode), x, k, np.result_type(x, k))


def test_magnitudes_from_dtypes_only_when_they_prove_float32_sums():
    from convflip import _core

    u8 = np.zeros((4, 4), np.uint8)
    assert _core._magnitudes(u8, u8, 0, 9) == (255, 255)
    i32 = np.array([[3, -7]], np.int32)
    assert _core._magnitudes(i32, i32, -9, 2) == (9, 7)  # values: the dtype bound is too weak
