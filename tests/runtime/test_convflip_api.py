"""Error paths (each message names the argument), NaN locality and broadcasting."""

from __future__ import annotations

import re

import numpy as np
import pytest
import scipy.signal as ss
from convflip import conv2d, set_accelerator, set_workers, xcorr2d
from helpers_convflip import assert_matches, make
from hypothesis import given, settings
from hypothesis import strategies as st

X = np.ones((5, 6))
K = np.ones((3, 3))


@pytest.mark.parametrize(
    ("kwargs", "exc", "pattern"),
    [
        ({"mode": "vaild"}, ValueError, "mode must be 'full', 'valid' or 'same', got 'vaild'"),
        ({"mode": None}, ValueError, "mode must be"),
        ({"boundary": "reflect"}, ValueError, "boundary must be 'fill', 'pad', 'wrap'"),
        ({"method": "fast"}, ValueError, "method must be 'auto', 'direct' or 'fft', got 'fast'"),
        ({"fillvalue": [1, 2]}, ValueError, "fillvalue must be a scalar"),
        ({"fillvalue": 1 + 2j}, ValueError, "fillvalue .* complex"),
        ({"fillvalue": "a"}, TypeError, "fillvalue must be a number"),
        ({"dtype": np.float16}, TypeError, "dtype must not be float16"),
        ({"dtype": object}, TypeError, "dtype has dtype object"),
        ({"dtype": "not-a-dtype"}, TypeError, "dtype must be a numpy numeric dtype"),
    ],
)
def test_bad_arguments_name_themselves(kwargs, exc, pattern):
    for fn in (conv2d, xcorr2d):
        with pytest.raises(exc, match=pattern):
            fn(X, K, **kwargs)


def test_fillvalue_out_of_range_for_integer_output():
    x = np.ones((4, 4), np.uint8)
    for bad in (300, -1, float("nan")):
        with pytest.raises(ValueError, match="fillvalue"):
            conv2d(x, x, "same", fillvalue=bad)


@pytest.mark.parametrize(
    ("x", "k", "pattern"),
    [
        (np.ones(5), K, "x must have at least 2 dimensions"),
        (X, np.ones(3), "k must have at least 2 dimensions"),
        (np.float64(1.0), K, "x must have at least 2 dimensions"),
        (np.ones((0, 3)), K, "x must not be empty"),
        (X, np.ones((2, 0)), "k must not be empty"),
        (np.ones((2, 5, 6)), np.ones((3, 3, 3)), "leading dimensions of x"),
    ],
)
def test_bad_shapes(x, k, pattern):
    with pytest.raises(ValueError, match=pattern):
        conv2d(x, k)


def test_valid_with_mixed_sizes():
    msg = "for mode 'valid', k must be at least as large as x in every dimension"
    with pytest.raises(ValueError, match=re.escape(msg)):
        conv2d(np.ones((5, 3)), np.ones((3, 5)), "valid")
    with pytest.raises(ValueError):  # scipy agrees that this is an error
        ss.convolve2d(np.ones((5, 3)), np.ones((3, 5)), "valid")


@pytest.mark.parametrize(
    "dtype", [object, "datetime64[s]", "timedelta64[s]", "U3", np.float16, "V8"]
)
def test_unsupported_dtypes_are_type_errors(dtype):
    bad = np.zeros((4, 4), dtype=dtype)
    with pytest.raises(TypeError, match=r"(x|k|x and k) has dtype|x and k combine to float16"):
        conv2d(bad, bad)


def test_bool_policy():
    b = np.ones((3, 3), bool)
    with pytest.raises(TypeError, match=r"both bool.*dtype="):
        conv2d(b, b)
    np.testing.assert_array_equal(conv2d(b, b, dtype=np.int64), conv2d(b.astype(int), b))
    mixed = conv2d(b, np.ones((2, 2), np.int16))
    assert mixed.dtype == np.int16 == ss.convolve2d(b, np.ones((2, 2), np.int16)).dtype
    # float16 operands are fine when the other operand makes the result wider
    assert conv2d(b.astype(np.float16), np.ones((2, 2), np.float32)).dtype == np.float32


def test_conj_must_be_bool():
    with pytest.raises(TypeError, match="conj must be True or False"):
        xcorr2d(X, K, conj=1)


@pytest.mark.parametrize("kside", [3, 9, 31])
def test_nan_and_inf_stay_local(accel, kside):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((160, 150))
    x[70, 80] = np.nan
    x[10, 20] = np.inf
    k = rng.standard_normal((kside, kside))
    k[0, 0] = 0.0  # inf * 0 must give NaN, as in scipy's direct loop
    for method in ("auto", "direct"):
        got = conv2d(x, k, "same", method=method)
        want = ss.convolve2d(x, k, "same")
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
        np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
        finite = np.isfinite(want)
        assert finite.sum() > 0.5 * want.size
        assert_matches(got[finite], want[finite], x[np.isfinite(x)], k)


def test_fft_of_nan_input_is_global_only_when_asked():
    x = np.zeros((64, 64))
    x[30, 30] = np.nan
    k = np.ones((15, 15))
    assert np.isnan(conv2d(x, k, "same", method="fft")).all()
    assert np.isnan(conv2d(x, k, "same")).sum() == 15 * 15


def test_exact_zeros_from_direct_sums(accel):
    x = np.zeros((50, 50))
    x[:10, :10] = 1e8
    k = np.random.default_rng(0).standard_normal((21, 21))
    got = conv2d(x, k, "same", method="direct")
    assert (got[40:, 40:] == 0).all()


def test_broadcasting_batches_and_channels(rng):
    images = make(rng, (2, 3, 20, 18), np.float64)
    kernels = make(rng, (3, 5, 4), np.float64)  # one kernel per channel
    for fn, ref in ((conv2d, ss.convolve2d), (xcorr2d, ss.correlate2d)):
        for method in ("auto", "direct", "fft"):
            got = fn(images, kernels, "same", "symm", method=method)
            assert got.shape == (2, 3, 20, 18)
            for b in range(2):
                for c in range(3):
                    want = ref(images[b, c], kernels[c], "same", "symm")
                    assert_matches(got[b, c], want, images, kernels)
    one = conv2d(images, kernels[0], "valid")
    assert one.shape == (2, 3, 16, 15)
    np.testing.assert_allclose(one[1, 2], ss.convolve2d(images[1, 2], kernels[0], "valid"))
    many = conv2d(images[0, 0], kernels, "full")  # one image, several kernels
    assert many.shape == (3, 24, 21)


def test_broadcasting_integers_with_accelerator_switch(rng):
    images = make(rng, (4, 30, 31), np.uint8)
    kernel = make(rng, (1, 5, 5), np.uint8)
    results = []
    for enabled in (True, False):
        set_accelerator(enabled)
        try:
            results.append(conv2d(images, kernel, "same"))
        finally:
            set_accelerator(None)
    for i in range(4):
        want = ss.convolve2d(images[i], kernel[0], "same")
        np.testing.assert_array_equal(results[0][i], want)
        np.testing.assert_array_equal(results[1][i], want)


def test_set_accelerator_validates():
    with pytest.raises(TypeError, match="enabled must be True, False or None"):
        set_accelerator("yes")


@st.composite
def batch_shapes(draw):
    """Two broadcastable leading shapes (gufunc rules), each with its own size-1 axes."""
    full = draw(st.lists(st.integers(1, 3), min_size=0, max_size=3))
    x_lead = [n if draw(st.booleans()) else 1 for n in full]
    k_lead = [n if draw(st.booleans()) else 1 for n in full]
    x_lead = x_lead[draw(st.integers(0, len(x_lead))) :]
    return tuple(x_lead), tuple(k_lead)


@settings(max_examples=40)
@given(batch_shapes(), st.sampled_from(["full", "same", "valid"]), st.integers(0, 2**31))
def test_broadcasting_property(shapes, mode, seed):
    rng = np.random.default_rng(seed)
    (xl, kl), dtype = shapes, rng.choice(["int32", "float64", "complex128"])
    x = make(rng, (*xl, 7, 6), dtype)
    k = make(rng, (*kl, 3, 2), dtype)
    got = xcorr2d(x, k, mode, "wrap")
    lead = np.broadcast_shapes(xl, kl)
    assert got.shape[:-2] == lead
    xb = np.broadcast_to(x, (*lead, 7, 6))
    kb = np.broadcast_to(k, (*lead, 3, 2))
    for idx in np.ndindex(*lead):
        want = ss.correlate2d(xb[idx], np.conj(kb[idx]), mode, "wrap")
        assert_matches(got[idx], want, x, k)


def test_workers_environment_variable(monkeypatch, rng):
    x, k = make(rng, (300, 300), np.float64), make(rng, (9, 9), np.float64)
    monkeypatch.setenv("CONVFLIP_ACCEL", "0")
    monkeypatch.setenv("CONVFLIP_WORKERS", "1")
    one = conv2d(x, k, "same", method="direct")
    monkeypatch.setenv("CONVFLIP_WORKERS", "2")
    np.testing.assert_array_equal(conv2d(x, k, "same", method="direct"), one)
    monkeypatch.setenv("CONVFLIP_WORKERS", "many")
    with pytest.raises(ValueError, match="CONVFLIP_WORKERS must be a positive integer"):
        conv2d(x, k, "same", method="direct")


def test_set_workers_validates_its_argument():
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="count must be a positive integer or None"):
            set_workers(bad)


@pytest.mark.parametrize(
    ("case", "method"),
    [
        ("random float64", "direct"),
        ("random float32", "fft"),
        ("rank-1 float64", "auto"),  # separable passes
        ("random int64", "direct"),
        ("random int32", "fft"),  # exact limbs
        ("rank-1 int16", "auto"),
    ],
)
def test_results_identical_with_any_thread_count(case, method):
    kind, dtype = case.split()
    rng = np.random.default_rng(8)
    x = make(rng, (2, 260, 300), dtype) if dtype != "int32" else rng.integers(-99, 99, (260, 300))
    if kind == "rank-1":
        k = np.outer(np.arange(1, 10), np.arange(9, 0, -1)).astype(dtype)
    else:
        k = make(rng, (9, 9), dtype) if dtype != "int32" else rng.integers(-99, 99, (9, 9))
    set_accelerator(False)
    try:
        outs = []
        for count in (1, 2, 3):
            set_workers(count)
            outs.append(conv2d(x, k, "same", "symm", method=method))
    finally:
        set_workers(None)
        set_accelerator(None)
    for out in outs[1:]:
        np.testing.assert_array_equal(out, outs[0])
