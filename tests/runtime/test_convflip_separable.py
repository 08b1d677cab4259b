"""Separable and low-rank kernels: the factorisations and the passes keep the contract."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from convflip import _accel, _compiled, _separable, conv2d, set_accelerator, xcorr2d
from helpers_convflip import assert_matches, scipy_conv
from hypothesis import assume, given, settings
from hypothesis import strategies as st


@contextlib.contextmanager
def counting_passes():
    """Count the calls of both separable engines while the block runs."""
    calls = {"numpy": 0, "cv2": 0}
    originals = (_separable.correlate_valid, _accel.correlate_separable)

    def numpy_engine(*args, **kw):
        calls["numpy"] += 1
        return originals[0](*args, **kw)

    def cv2_engine(*args, **kw):
        calls["cv2"] += 1
        return originals[1](*args, **kw)

    _separable.correlate_valid, _accel.correlate_separable = numpy_engine, cv2_engine
    try:
        yield calls
    finally:
        _separable.correlate_valid, _accel.correlate_separable = originals


ints = st.integers(-(2**20), 2**20)


@settings(max_examples=80)
@given(
    st.lists(ints, min_size=1, max_size=9),
    st.lists(ints, min_size=1, max_size=9),
    st.integers(0, 3),
)
def test_integer_rank1_is_exact_or_refused(u, v, scale_bits):
    k = np.outer(np.array(u, np.int64) << scale_bits, np.array(v, np.int64))
    got = _separable.integer_rank1(k)
    if not k.any():
        assert got is None
        return
    assert got is not None
    np.testing.assert_array_equal(np.outer(*got), k)
    if k.shape[0] > 1 and k.shape[1] > 1:
        bumped = k.copy()
        i, j = np.unravel_index(np.argmin(np.abs(k)), k.shape)
        bumped[i, j] += 1 if k[i, j] >= 0 else -1
        if np.linalg.matrix_rank(bumped.astype(float)) > 1:
            assert _separable.integer_rank1(bumped) is None


def test_integer_rank1_with_entries_beyond_int64_products():
    u = np.array([2**40 + 1, -(2**41), 3], np.int64)
    v = np.array([5, 2**20, -7], np.int64)
    k = np.outer(u, v)
    got = _separable.integer_rank1(k)
    assert got is not None
    np.testing.assert_array_equal(np.outer(*got), k)
    k[1, 1] += 1
    assert _separable.integer_rank1(k) is None


@pytest.mark.parametrize("acc", [np.float64, np.float32])
def test_float_pairs_keep_half_the_direct_bound(rng, acc):
    acc = np.dtype(acc)
    g = np.exp(-(np.linspace(-2, 2, 15) ** 2))
    rank1 = np.outer(g, g).astype(acc)
    rank2 = rank1 + np.outer(np.arange(15.0), np.ones(15)).astype(acc)
    full = rng.standard_normal((15, 15)).astype(acc)
    eps = np.finfo(acc).eps
    for k, want_rank in ((rank1, 1), (rank2, 2), (full, None)):
        pairs = _separable.float_pairs(k, acc, 3)
        if want_rank is None:
            assert pairs is None
            continue
        assert len(pairs) == want_rank
        assert all(u.dtype == acc and v.dtype == acc for u, v in pairs)
        bound = 0.5 * k.size * eps * np.abs(k.astype(np.float64)).sum()
        assert _separable._error(k.astype(np.float64), pairs, acc) <= bound


def test_nonfinite_kernels_are_not_factored():
    k = np.ones((8, 8))
    k[2, 3] = np.inf
    assert _separable.float_pairs(k, np.dtype(np.float64), 2) is None


@st.composite
def low_rank_cases(draw):
    dtype = np.dtype(draw(st.sampled_from(["float64", "float32", "int64", "int16", "uint8"])))
    h, w = draw(st.integers(40, 120)), draw(st.integers(40, 120))
    kh, kw = draw(st.integers(5, 17)), draw(st.integers(5, 17))
    rank = 1 if dtype.kind in "iu" else draw(st.integers(1, 2))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if dtype.kind == "f":
        k = sum(np.outer(rng.standard_normal(kh), rng.standard_normal(kw)) for _ in range(rank))
        x = rng.standard_normal((h, w))
    else:
        lo = 0 if dtype.kind == "u" else -9
        k = np.outer(rng.integers(lo, 10, kh), rng.integers(lo, 10, kw))
        k[0, 0] = k[0, 0] or 1
        x = rng.integers(lo if dtype.kind == "i" else 0, 120, (h, w))
    mode = draw(st.sampled_from(["full", "same", "valid"]))
    boundary = draw(st.sampled_from(["fill", "wrap", "symm"]))
    fill = draw(st.sampled_from([0, 3]))
    return x.astype(dtype), k.astype(dtype), mode, boundary, fill


@settings(max_examples=40)
@given(low_rank_cases(), st.booleans())
def test_low_rank_kernels_match_scipy_and_the_direct_sum(case, accel):
    x, k, mode, boundary, fill = case
    set_accelerator(accel)
    try:
        with counting_passes():
            got = conv2d(x, k, mode, boundary, fill)
            corr = xcorr2d(x, k, mode, boundary, fill) if mode != "same" else None
        direct = conv2d(x, k, mode, boundary, fill, method="direct")
    finally:
        set_accelerator(None)
    want = scipy_conv(x, k, mode, boundary, fill)
    assert_matches(got, want, x, k, want.dtype)
    assert_matches(got, direct, x, k, want.dtype)  # the method choice stays in the contract
    if corr is not None:
        assert_matches(corr, scipy_conv(x, k[::-1, ::-1], mode, boundary, fill), x, k)


@pytest.mark.parametrize("accel", [False, True])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "uint8"])
def test_separable_path_is_taken_on_large_images(accel, dtype, monkeypatch):
    if accel and _accel.cv2 is None:
        pytest.skip("opencv not installed")
    monkeypatch.setattr(_compiled, "mode", False)  # its direct sum is cheaper at 7²
    rng = np.random.default_rng(3)
    g = np.array([1, 4, 6, 4, 1, 2, 3], np.int64)
    k = np.outer(g, g[::-1]).astype(dtype)
    x = rng.integers(0, 200, (400, 400)).astype(dtype)
    set_accelerator(accel)
    try:
        with counting_passes() as calls:
            got = conv2d(x, k, "same")
    finally:
        set_accelerator(None)
    assert calls["cv2" if accel and dtype.startswith("float") else "numpy"] == 1
    assert_matches(got, scipy_conv(x, k, "same"), x, k, np.result_type(x, k))


def test_integer_passes_wrap_like_scipy():
    rng = np.random.default_rng(4)
    x = rng.integers(0, 256, (300, 300)).astype(np.uint8)
    k = np.outer(np.arange(1, 12), np.arange(11, 0, -1)).astype(np.uint8)
    with counting_passes() as calls:
        got = conv2d(x, k, "same", "symm")
    assert calls["numpy"] == 1
    want = scipy_conv(x, k, "same", "symm")
    assert got.dtype == np.uint8
    np.testing.assert_array_equal(got, want)


def test_nonfinite_input_keeps_the_direct_pattern():
    x = np.ones((300, 300))
    x[100, 100] = np.inf
    g = np.array([0.0, 1, 2, 1, 0, 1, 2, 1, 0.0])
    k = np.outer(g, g)
    with counting_passes() as calls:
        got = conv2d(x, k, "same")
    assert calls == {"numpy": 0, "cv2": 0}
    want = conv2d(x, k, "same", method="direct")
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))


@settings(max_examples=200)
@given(
    st.sampled_from(["float64", "float32"]),
    st.integers(2, 40),
    st.integers(2, 40),
    st.floats(-6, 4),
    st.integers(0, 2**32 - 1),
)
def test_the_cheap_rank1_rejection_never_refuses_an_acceptable_split(dt, kh, kw, noise, seed):
    # rank-1 kernels with noise around the acceptance budget: whatever the cheap residual
    # test rejects, the full error bound must reject as well
    acc = np.dtype(dt)
    rng = np.random.default_rng(seed)
    k = np.outer(rng.standard_normal(kh), rng.standard_normal(kw))
    k += 10.0**noise * np.finfo(acc).eps * kh * kw * rng.standard_normal((kh, kw))
    k = k.astype(acc).astype(np.float64)
    i0, j0 = divmod(int(np.argmax(np.abs(k))), kw)
    eps = float(np.finfo(acc).eps)
    budget = 0.5 * kh * kw * eps * float(np.abs(k).sum())
    if _separable._cross_rejects(k, i0, j0, budget, eps):
        pairs = [(k[:, j0].copy(), k[i0, :] / k[i0, j0])]
        assert _separable._error(k, pairs, acc) > budget
    accepted = _separable.float_pairs(k.astype(acc), acc, 1)
    if accepted is not None:
        assert _separable._error(k, accepted, acc) <= budget


@settings(max_examples=80)
@given(
    st.sampled_from(["float64", "float32"]),
    st.integers(1, 3),
    st.integers(1, 70),
    st.integers(1, 70),
    st.integers(1, 40),
    st.integers(1, 40),
    st.tuples(*[st.integers(0, 45)] * 4),
    st.integers(0, 2**32 - 1),
)
def test_banded_passes_equal_the_direct_passes(dt, lead, h, w, kh, kw, pads, seed):
    # every shape around the block size, remainder blocks and implicit zero padding included
    from convflip import _banded

    top, bottom, left, right = pads
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((lead, h, w)).astype(dt)
    xp = np.pad(x.astype(np.float64), ((0, 0), (top, bottom), (left, right)))
    oh, ow = xp.shape[1] - kh + 1, xp.shape[2] - kw + 1
    if oh < 1 or ow < 1:
        return
    u, v = rng.standard_normal(kh).astype(dt), rng.standard_normal(kw).astype(dt)
    got = _banded.column_pass(_banded.row_pass(x, v, (left, right)), u, (top, bottom))
    want = sum(
        float(u[a]) * float(v[b]) * xp[:, a : a + oh, b : b + ow]
        for a in range(kh)
        for b in range(kw)
    )
    assert got.shape == (lead, oh, ow) and got.dtype == np.dtype(dt)
    tol = 4 * (kh + kw) * np.finfo(dt).eps * np.abs(x).max() * np.abs(u).sum() * np.abs(v).sum()
    np.testing.assert_allclose(got, want, rtol=0, atol=tol)


@settings(max_examples=30)
@given(
    st.sampled_from(["uint8", "int16", "int32"]),
    st.integers(20, 90),
    st.integers(5, 33),
    st.sampled_from(["full", "same", "valid"]),
    st.sampled_from(["fill", "wrap", "symm"]),
    st.integers(0, 2**32 - 1),
)
def test_integer_banded_passes_are_exact(dt, side, m, mode, boundary, seed):
    # float32/float64 accumulators under the proven bound: BLAS order cannot round
    assume(mode != "valid" or m <= side)  # a (side + 7, side) image: 'valid' needs k inside
    rng = np.random.default_rng(seed)
    info = np.iinfo(dt)
    x = rng.integers(max(info.min, -3000), min(info.max, 3000), (side + 7, side)).astype(dt)
    k = np.outer(rng.integers(1, 9, m), rng.integers(-4 if dt != "uint8" else 1, 9, m))
    k = k.astype(dt)
    with counting_passes() as calls:
        got = conv2d(x, k, mode, boundary)
    want = scipy_conv(x, k, mode, boundary)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    assert calls["cv2"] == 0


def test_banded_passes_are_taken_and_identical_for_any_blas_thread_count(tmp_path):
    # OpenBLAS splits a product's rows and columns over threads, never its inner sum
    import subprocess
    import sys

    script = (
        "import numpy as np, convflip, sys\n"
        "from convflip import _banded\n"
        "rng = np.random.default_rng(5)\n"
        "x = rng.standard_normal((700, 650))\n"
        "g = np.exp(-np.linspace(-3, 3, 63) ** 2)\n"
        "convflip.set_accelerator(False)\n"
        "convflip._compiled.set_engine(False)  # its passes are cheaper where it is built\n"
        "calls = []\n"
        "orig = _banded.row_pass\n"
        "_banded.row_pass = lambda *a: calls.append(1) or orig(*a)\n"
        "out = convflip.conv2d(x, np.outer(g, g[::-1]), 'same')\n"
        "assert calls, 'banded passes not taken'\n"
        "np.save(sys.argv[1], out)\n"
    )
    outs = []
    for threads in ("1", "2"):
        path = tmp_path / f"out{threads}.npy"
        env = {
            **__import__("os").environ,
            "OPENBLAS_NUM_THREADS": threads,
            "OMP_NUM_THREADS": threads,
            "MKL_NUM_THREADS": threads,
        }
        subprocess.run([sys.executable, "-c", script, str(path)], env=env, check=True)
        outs.append(np.load(path))
    np.testing.assert_array_equal(outs[0], outs[1])


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["float64", "float32"]),
    st.integers(2, 3),
    st.integers(7, 40),
    st.integers(7, 40),
    st.floats(-8, 4),
    st.integers(0, 2**32 - 1),
)
def test_the_submatrix_rejection_never_refuses_an_acceptable_low_rank_split(
    dt, rank, kh, kw, noise, seed
):
    # kernels of rank <= `rank` with noise around the acceptance budget: whenever the
    # submatrix's singular values rule a split out, the full search finds none either
    acc = np.dtype(dt)
    rng = np.random.default_rng(seed)
    k = sum(np.outer(rng.standard_normal(kh), rng.standard_normal(kw)) for _ in range(rank))
    k += 10.0**noise * np.finfo(acc).eps * kh * kw * rng.standard_normal((kh, kw))
    k = k.astype(acc)
    if _separable.low_rank_ruled_out(k, acc, rank):
        assert _separable.float_pairs(k, acc, rank) is None
    if noise < -2 and min(kh, kw) >= 12:  # well inside the budget: accepted, not ruled out
        assert _separable.float_pairs(k, acc, rank) is not None
        assert not _separable.low_rank_ruled_out(k, acc, rank)


def test_random_kernels_are_ruled_out_before_an_svd():
    rng = np.random.default_rng(4)
    for dt in ("float64", "float32"):
        for side in (15, 31, 63):
            k = rng.random((side, side)).astype(dt)
            assert _separable.low_rank_ruled_out(k, np.dtype(dt), 3)
            assert _separable.float_pairs(k, np.dtype(dt), 3) is None
