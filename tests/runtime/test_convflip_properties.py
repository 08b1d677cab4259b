"""Property tests: conv2d / xcorr2d against scipy and against the slow reference."""

from __future__ import annotations

import numpy as np
import pytest
from convflip import conv2d, set_accelerator, xcorr2d
from convflip_reference import ref_conv2d, ref_xcorr2d, wrap_to
from helpers_convflip import assert_matches, make, scipy_conv, scipy_valid_ok, scipy_xcorr
from hypothesis import given, settings
from hypothesis import strategies as st

DTYPES = [
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint64",
    "float32",
    "float64",
    "complex64",
    "complex128",
]
BOUNDARIES = ["fill", "pad", "wrap", "circular", "symm", "symmetric"]
LAYOUTS = ["C", "F", "strided", "reversed"]


def relayout(a: np.ndarray, layout: str) -> np.ndarray:
    """The same values in another memory layout (the function must not care)."""
    if layout == "F":
        return np.asfortranarray(a)
    if layout == "strided":
        big = np.zeros((a.shape[0] * 2, a.shape[1] * 3), a.dtype)
        big[::2, ::3] = a
        return big[::2, ::3]
    if layout == "reversed":
        return np.ascontiguousarray(a[::-1, ::-1])[::-1, ::-1]
    return a


@st.composite
def cases(draw, max_side=9):
    dtype = np.dtype(draw(st.sampled_from(DTYPES)))
    x_shape = (draw(st.integers(1, max_side)), draw(st.integers(1, max_side)))
    k_shape = (draw(st.integers(1, max_side)), draw(st.integers(1, max_side)))
    mode = draw(st.sampled_from(["full", "same", "valid"]))
    if mode == "valid" and not scipy_valid_ok(x_shape, k_shape):
        mode = "full"
    boundary = draw(st.sampled_from(BOUNDARIES))
    fills = [0, 1, 3] if dtype.kind == "u" else [0, 1, -2, 3]
    if dtype.kind == "f":
        fills.append(0.5)
    fill = draw(st.sampled_from(fills))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = relayout(make(rng, x_shape, dtype), draw(st.sampled_from(LAYOUTS)))
    k = relayout(make(rng, k_shape, dtype), draw(st.sampled_from(LAYOUTS)))
    method = draw(st.sampled_from(["auto", "direct", "fft"]))
    return x, k, mode, boundary, fill, method


def _call(fn, x, k, mode, boundary, fill, method, **kw):
    """Results with the accelerator off and on (the engines differ, the contract does not)."""
    results = []
    for enabled in (False, True):
        set_accelerator(enabled)
        try:
            results.append(fn(x, k, mode, boundary, fill, method=method, **kw))
        except ValueError as exc:
            # the only accepted refusal: an integer FFT that cannot be proven exact
            assert method == "fft" and x.dtype.kind in "iu" and "cannot prove" in str(exc)
            return []
        finally:
            set_accelerator(None)
    return results


def _read(x, boundary, fill):
    """The values the filter reads: the image, and the fill value a 'fill' border adds
    (the float contract scales with the largest of them)."""
    if boundary not in ("fill", "pad"):  # scipy's two spellings of a filled border
        return x
    return np.append(x.ravel(), np.asarray(fill, dtype=x.dtype))


def _a12(x, k, mode) -> bool:
    swapped = any(m > n for n, m in zip(x.shape, k.shape, strict=True))
    return mode == "valid" and swapped and np.result_type(x, k).kind == "c"


@settings(max_examples=250)
@given(cases())
def test_conv2d_equals_convolve2d(case):
    x, k, mode, boundary, fill, method = case
    for got in _call(conv2d, x, k, mode, boundary, fill, method):
        want = scipy_conv(x, k, mode, boundary, fill)
        assert_matches(got, want, _read(x, boundary, fill), k, want.dtype)
        assert got.flags.c_contiguous


@settings(max_examples=250)
@given(cases())
def test_xcorr2d_conj_equals_correlate2d(case):
    x, k, mode, boundary, fill, method = case
    import scipy.signal as ss

    for got in _call(xcorr2d, x, k, mode, boundary, fill, method, conj=True):
        want = ss.correlate2d(x, k, mode, boundary, fill)
        if _a12(x, k, mode):  # correlate2d returns the conjugate there (semantics A12)
            want = np.conj(want)
        assert_matches(got, want, _read(x, boundary, fill), k, want.dtype)


@settings(max_examples=200)
@given(cases())
def test_xcorr2d_is_the_unconjugated_window_sum(case):
    x, k, mode, boundary, fill, method = case
    for got in _call(xcorr2d, x, k, mode, boundary, fill, method):
        want = scipy_xcorr(x, k, mode, boundary, fill)
        if _a12(x, k, mode):
            want = np.conj(want)
        assert_matches(got, want, _read(x, boundary, fill), k, want.dtype)


@settings(max_examples=120)
@given(cases(max_side=6), st.booleans())
def test_against_slow_reference(case, conj):
    x, k, mode, boundary, fill, method = case
    out_dtype = np.result_type(x, k)
    for fn, ref, kw in (
        (conv2d, ref_conv2d, {}),
        (xcorr2d, ref_xcorr2d, {"conj": conj}),
    ):
        results = _call(fn, x, k, mode, boundary, fill, method, **kw)
        if not results:
            continue
        want = ref(x, k, mode, boundary, fill, **kw)
        if out_dtype.kind in "iu":
            want = wrap_to(want, out_dtype)
        else:
            want = want.astype(np.clongdouble)
            if out_dtype.kind != "c":
                want = want.real
        for got in results:
            assert_matches(got, want, x, k, out_dtype)


def test_hand_rolled_window_sum_complex(rng):
    x = make(rng, (7, 8), np.complex128)
    k = make(rng, (3, 2), np.complex128)
    got = xcorr2d(x, k, "valid")
    for i in range(got.shape[0]):
        for j in range(got.shape[1]):
            window = (x[i : i + 3, j : j + 2] * k).sum()
            assert abs(got[i, j] - window) < 1e-12


def test_valid_swap_with_kernel_larger_everywhere(rng):
    x = make(rng, (3, 4), np.float64)
    k = make(rng, (5, 6), np.float64)
    np.testing.assert_allclose(conv2d(x, k, "valid"), conv2d(k, x, "valid"), atol=1e-12)
    want = ref_xcorr2d(x, k, "full")[2:5, 3:6].real.astype(np.float64)
    np.testing.assert_allclose(xcorr2d(x, k, "valid"), want, atol=1e-12)


@pytest.mark.parametrize("side", [(1, 9), (9, 1), (1, 1)])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_one_by_n_kernels(rng, side, mode):
    x = make(rng, (12, 11), np.int32)
    k = make(rng, side, np.int32)
    want = scipy_conv(x, k, mode)
    np.testing.assert_array_equal(conv2d(x, k, mode), want)


@pytest.mark.parametrize(
    ("xd", "kd", "want"),
    [
        ("uint8", "float32", "float32"),
        ("int32", "int64", "int64"),
        ("int16", "float64", "float64"),
        ("uint8", "int8", "int16"),
        ("bool", "int16", "int16"),
        ("float32", "complex64", "complex64"),
        ("longdouble", "float64", "longdouble"),
    ],
)
def test_result_dtype_like_scipy(xd, kd, want):
    x = np.ones((4, 5), xd)
    k = np.ones((2, 3), kd)
    got = conv2d(x, k)
    assert got.dtype == np.dtype(want) == scipy_conv(x, k, "full").dtype
    np.testing.assert_array_equal(got, scipy_conv(x, k, "full"))


def test_python_lists_promote_like_scipy():
    x = np.full((3, 3), 200, np.uint8)
    got = conv2d(x, [[1, 1]])
    want = scipy_conv(x, [[1, 1]], "full")
    assert got.dtype == want.dtype == np.int64
    np.testing.assert_array_equal(got, want)


def test_dtype_argument_sets_accumulator():
    x = np.full((4, 4), 200, np.uint8)
    k = np.ones((2, 2), np.uint8)
    assert conv2d(x, k).dtype == np.uint8  # wraps like scipy
    wide = conv2d(x, k, dtype=np.int64)
    assert wide.dtype == np.int64
    assert wide.max() == 800
    np.testing.assert_array_equal(conv2d(x, k), scipy_conv(x, k, "full"))
    narrow = conv2d(np.full((3, 3), 1000, np.int64), [[1]], dtype=np.int8)
    np.testing.assert_array_equal(narrow, np.full((3, 3), 1000, np.int64).astype(np.int8))


def test_fillvalue_truncates_like_scipy():
    x = np.arange(12, dtype=np.int64).reshape(3, 4)
    k = np.ones((2, 2), np.int64)
    got = conv2d(x, k, "same", "fill", 1.7)
    np.testing.assert_array_equal(got, scipy_conv(x, k, "same", "fill", 1.7))


def test_nonnative_byte_order(rng):
    x = make(rng, (5, 6), np.float64)
    k = make(rng, (3, 3), np.float64)
    got = conv2d(x.astype(">f8"), k.astype(">f8"), "same")
    assert got.dtype == np.float64 and got.dtype.isnative
    np.testing.assert_allclose(got, scipy_conv(x, k, "same"), atol=1e-12)


@st.composite
def medium_cases(draw):
    dtype = np.dtype(draw(st.sampled_from(["int16", "uint8", "int64", "float32", "float64"])))
    x_shape = (draw(st.integers(20, 90)), draw(st.integers(20, 90)))
    k_shape = (draw(st.integers(1, 24)), draw(st.integers(1, 24)))
    mode = draw(st.sampled_from(["full", "same", "valid"]))
    if mode == "valid" and not scipy_valid_ok(x_shape, k_shape):
        mode = "same"
    boundary = draw(st.sampled_from(["fill", "wrap", "symm"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x, k = make(rng, x_shape, dtype), make(rng, k_shape, dtype)
    if dtype == np.int64:
        bits = draw(st.integers(1, 62))
        x, k = x >> (63 - bits), k >> (63 - bits)
    return x, k, mode, boundary, draw(st.sampled_from(["auto", "direct", "fft"]))


@settings(max_examples=40)
@given(medium_cases())
def test_medium_sizes_reach_every_engine(case):
    x, k, mode, boundary, method = case
    for got in _call(conv2d, x, k, mode, boundary, 0, method):
        want = scipy_conv(x, k, mode, boundary)
        assert_matches(got, want, x, k, want.dtype)
