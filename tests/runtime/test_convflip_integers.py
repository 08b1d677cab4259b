"""Integer exactness: scipy's 'auto' failure magnitudes, overflow wrap, limb FFTs."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal as ss
from convflip import _exact, conv2d, xcorr2d
from convflip_reference import wrap_to
from hypothesis import given, settings
from hypothesis import strategies as st


def exact_full(x, k):
    """Exact full convolution in Python ints (object arrays), by shift-and-add."""
    xo, ko = x.astype(object), k.astype(object)
    out = np.zeros((x.shape[0] + k.shape[0] - 1, x.shape[1] + k.shape[1] - 1), object)
    for a in range(k.shape[0]):
        for b in range(k.shape[1]):
            out[a : a + x.shape[0], b : b + x.shape[1]] += ko[a, b] * xo
    return out


def same_window(full, x_shape, k_shape):
    r, c = (k_shape[0] - 1) // 2, (k_shape[1] - 1) // 2
    return full[r : r + x_shape[0], c : c + x_shape[1]]


@pytest.mark.slow
@pytest.mark.parametrize("method", ["auto", "fft", "direct"])
def test_b5_magnitudes_bit_exact(accel, method):
    """22-bit values, 256x256 with 15x15: scipy's 'auto' picks an inexact FFT here (B5)."""
    rng = np.random.default_rng(5)
    x = rng.integers(0, 2**22, (256, 256))
    k = rng.integers(0, 2**22, (15, 15))
    want = exact_full(x, k)
    got = conv2d(x, k, "full", method=method)
    np.testing.assert_array_equal(got, want.astype(np.int64))
    np.testing.assert_array_equal(
        conv2d(x, k, "same", method=method), same_window(want, x.shape, k.shape).astype(np.int64)
    )


def test_limb_fft_beyond_one_float64(accel):
    """31-bit values need a multi-limb split; the FFT result is still exact."""
    rng = np.random.default_rng(7)
    x = rng.integers(-(2**31), 2**31, (48, 40))
    k = rng.integers(-(2**31), 2**31, (12, 9))
    want = exact_full(x, k)
    for method in ("fft", "auto"):
        got = conv2d(x, k, method=method)
        np.testing.assert_array_equal(got, wrap_to(want, np.int64))
    flipped = xcorr2d(x, k[::-1, ::-1], "full", method="fft")
    np.testing.assert_array_equal(flipped, wrap_to(want, np.int64))


@pytest.mark.parametrize(
    "dtype", ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]
)
@pytest.mark.parametrize("method", ["auto", "direct"])
@pytest.mark.parametrize("kside", [3, 16])
def test_overflow_wraps_like_scipy(accel, dtype, method, kside):
    rng = np.random.default_rng(11)
    info = np.iinfo(dtype)
    x = rng.integers(info.min, info.max, (40, 37), dtype=dtype, endpoint=True)
    k = rng.integers(info.min, info.max, (kside, kside - 1), dtype=dtype, endpoint=True)
    for mode in ("full", "same", "valid"):
        got = conv2d(x, k, mode, method=method)
        np.testing.assert_array_equal(got, ss.convolve2d(x, k, mode))
        assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(conv2d(x, k), wrap_to(exact_full(x, k), dtype))


def test_small_overflow_examples():
    assert conv2d(np.array([[200]], np.uint8), np.array([[1, 1]], np.uint8))[0, 1] == 200
    two = conv2d(np.array([[200, 200]], np.uint8), np.array([[1, 1]], np.uint8))
    assert two[0, 1] == 144
    big = np.array([[2**62, 2**62]], np.int64)
    assert conv2d(big, np.array([[1, 1]], np.int64))[0, 1] == -(2**63)


def test_fft_refuses_unprovable_integers():
    rng = np.random.default_rng(3)
    x = rng.integers(-(2**62), 2**62, (64, 64))
    k = rng.integers(-(2**62), 2**62, (16, 16))
    with pytest.raises(ValueError, match="method='fft' cannot prove an exact integer result"):
        conv2d(x, k, method="fft")
    np.testing.assert_array_equal(conv2d(x, k), wrap_to(exact_full(x, k), np.int64))


def test_error_bound_is_conservative():
    """The bound must exceed the error actually observed on a worst-case-like input."""
    n = 512
    x = np.full((n, n), 2.0**20)
    k = np.full((15, 15), 2.0**20)
    err_bound = _exact.error_factor(n * n) * np.linalg.norm(x) * np.linalg.norm(k)
    spec = np.fft.rfft2(x, (n, n)) * np.fft.rfft2(k, (n, n))
    observed = np.abs(np.fft.irfft2(spec, (n, n)) - np.round(np.fft.irfft2(spec, (n, n)))).max()
    assert observed <= err_bound


def test_split_recombines_modulo_2_64():
    rng = np.random.default_rng(1)
    a = rng.integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max, 1000, endpoint=True)
    for width, count in ((22, 3), (32, 2), (16, 4), (40, 2)):
        limbs = _exact.split(a, width, count)
        assert all(abs(limb).max() <= 2 ** (width - 1) for limb in limbs[:-1])
        for j in range(0, 1000, 97):
            total = sum(int(limb[j]) << (width * i) for i, limb in enumerate(limbs))
            assert total % 2**64 == int(a[j]) % 2**64


@settings(max_examples=40)
@given(
    st.sampled_from(["uint8", "int16", "int32", "int64"]),
    st.sampled_from([(), (2,)]),
    st.integers(4, 30),
    st.integers(4, 30),
    st.integers(1, 7),
    st.integers(1, 7),
    st.sampled_from(["full", "same", "valid"]),
    st.sampled_from(["fill", "wrap", "symm"]),
    st.sampled_from([3, 15, 40]),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_every_integer_engine_the_model_may_pick_is_exact(
    dt, batch, h, w, kh, kw, mode, boundary, bits, accel, seed
):
    """The cost model only chooses among exact engines: forcing each one it lists (loop,
    ndimage, windows, tiled sums, filter2D, the compiled engine) gives scipy's wrapped result
    for every magnitude class (float32-exact, float64-exact, neither)."""
    from convflip import _core, _costs, set_accelerator

    rng = np.random.default_rng(seed)
    top = min(2 ** (bits - 1), np.iinfo(dt).max)
    x = rng.integers(max(-top, np.iinfo(dt).min), top, (*batch, h, w), endpoint=True).astype(dt)
    k = rng.integers(max(-top, np.iinfo(dt).min), top, (min(kh, h), min(kw, w))).astype(dt)
    want = np.stack([ss.convolve2d(xi, k, mode, boundary) for xi in x.reshape(-1, h, w)])
    want = want.reshape((*batch, *want.shape[-2:]))
    plan_of = _costs.int_plan
    engines = set()
    set_accelerator(accel)
    try:
        for forced in ("loop", "ndimage", "windows", "tiled", "cv2", "compiled"):

            def forcing(*args, forced=forced):
                plan = plan_of(*args)
                engines.update(plan.engines)
                return plan._replace(direct=forced) if forced in plan.engines else plan

            _core._checked.cache_clear()
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(_costs, "int_plan", forcing)
                patch.setattr(_costs, "loop_first", lambda *args: False)
                patch.setattr(_costs, "compiled_first_int", lambda *args: False)
                got = conv2d(x, k, mode, boundary, method="direct")
            np.testing.assert_array_equal(got, want)
            assert got.dtype == want.dtype
    finally:
        set_accelerator(None)
        _core._checked.cache_clear()
    assert {"tiled", "windows"} <= engines
