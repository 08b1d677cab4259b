"""The separable passes on the compiled engine: a ``1 x kw`` row pass into an intermediate,
then a ``kh x 1`` column pass (blocks of four output rows). Integers are exact modulo the
output's width for any magnitudes, floats within the passes' bound, and no result depends on
how the rows are split over threads."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from convflip import _compiled, _separable, conv2d, set_workers, xcorr2d
from convflip._direct import PaddedImage
from helpers_convflip import assert_matches, scipy_conv
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.skipif(not _compiled.available(), reason="compiled engine not built")

DTYPES = ["float64", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64"]


def _data(rng, shape, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return rng.standard_normal(shape).astype(dtype)
    info = np.iinfo(dtype)  # the full range: the passes wrap like the direct sum
    return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)


def _padded(x, pads, boundary, fill):
    widths = [(0, 0)] * (x.ndim - 2) + [tuple(p) for p in pads]
    if boundary == "fill":
        return np.pad(x, widths, constant_values=fill)
    return np.pad(x, widths, mode="wrap" if boundary == "wrap" else "symmetric")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DTYPES),
    st.integers(0, 2),
    st.integers(1, 40),
    st.integers(1, 70),
    st.integers(1, 21),
    st.integers(1, 21),
    st.tuples(*[st.integers(0, 12)] * 4),
    st.sampled_from(["fill", "wrap", "symm"]),
    st.sampled_from([0, 3, -2]),
    st.integers(1, 2),
    st.integers(0, 2**32 - 1),
)
def test_compiled_passes_match_the_exact_sum(
    dt, lead, h, w, kh, kw, pads, boundary, fill, rank, seed
):
    # around the four-row blocks (kh >= 4) and the vector widths, every boundary and fill,
    # a batch of images; integers of the full range (wrapping), float ranks 1 and 2
    dtype = np.dtype(dt)
    if dtype.kind == "u":
        fill = abs(fill)
    top, bottom, left, right = pads
    if boundary == "wrap" and (top + bottom > h or left + right > w):
        return  # np.pad repeats the image; the runtime pads at most one period
    rng = np.random.default_rng(seed)
    x = _data(rng, (2,) * lead + (h, w), dtype)
    xp = _padded(x, ((top, bottom), (left, right)), boundary, fill)
    oh, ow = xp.shape[-2] - kh + 1, xp.shape[-1] - kw + 1
    if oh < 1 or ow < 1:
        return
    rank = rank if dtype.kind == "f" else 1
    pairs = [(_data(rng, kh, dtype), _data(rng, kw, dtype)) for _ in range(rank)]
    if dtype.kind != "f":  # the factors of an integer kernel are int64 vectors
        pairs = [(u.astype(np.int64), v.astype(np.int64)) for u, v in pairs]
    src = PaddedImage(x, ((top, bottom), (left, right)), boundary, fill, dtype)
    got = _separable.compiled_valid(src, pairs, x.shape[:-2], dtype)
    assert got.shape == (*x.shape[:-2], oh, ow) and got.dtype == dtype
    if dtype.kind == "f":
        want = sum(
            float(u[a]) * float(v[b]) * xp[..., a : a + oh, b : b + ow].astype(np.float64)
            for u, v in pairs
            for a in range(kh)
            for b in range(kw)
        )
        scale = sum(
            np.abs(u.astype(float)).sum() * np.abs(v.astype(float)).sum() for u, v in pairs
        )
        tol = 4 * (kh + kw) * np.finfo(dtype).eps * np.abs(xp).max(initial=0) * scale
        np.testing.assert_allclose(got, want, rtol=0, atol=tol)
    else:  # int64 arithmetic wraps modulo 2**64, so its low bits are the exact result's
        wide = xp.astype(np.int64)
        want = np.zeros((*x.shape[:-2], oh, ow), np.int64)
        with np.errstate(over="ignore"):
            for u, v in pairs:
                for a in range(kh):
                    for b in range(kw):
                        want += u[a] * v[b] * wide[..., a : a + oh, b : b + ow]
        np.testing.assert_array_equal(got, want.astype(dtype))


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(DTYPES),
    st.integers(1, 40),
    st.integers(1, 80),
    st.integers(1, 14),
    st.integers(0, 7),
    st.lists(st.integers(0, 40), max_size=4),
    st.integers(0, 2**32 - 1),
)
def test_column_blocks_give_the_tap_order_sum_for_any_row_split(dt, oh, ow, kh, top, cuts, seed):
    # the four-row blocks sum each output's taps in order from zero: the bits of numpy's
    # shift-and-add in that order, whatever rows a thread's range starts or ends with
    dtype = np.dtype(dt)
    rng = np.random.default_rng(seed)
    h = max(1, oh + kh - 1 - top)
    x = _data(rng, (h, ow), dtype)
    u = _data(rng, kh, dtype)
    xp = np.zeros((oh + kh - 1, ow), dtype)
    rows = min(h, oh + kh - 1 - top)
    xp[top : top + rows] = x[:rows]
    acc = dtype if dtype.kind == "f" else np.dtype(np.uint64)
    want = np.zeros((oh, ow), acc)
    with np.errstate(over="ignore"):
        for a in range(kh):
            want = want + xp[a : a + oh].astype(acc) * acc.type(u[a])
    want = want.astype(dtype)
    code = _compiled.codes(dtype, dtype, dtype)
    whole = np.empty((oh, ow), dtype)
    _compiled._cdirect.correlate(x, u[:, None], whole, code, top, 0, 0)
    np.testing.assert_array_equal(whole, want)
    bounds = sorted({0, oh, *(min(c, oh) for c in cuts)})
    split = np.empty((oh, ow), dtype)
    for r0, r1 in itertools.pairwise(bounds):
        _compiled._cdirect.correlate(x, u[:, None], split, code, top, 0, 0, r0, r1)
    assert split.tobytes() == whole.tobytes()


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(DTYPES),
    st.integers(1, 40),
    st.integers(1, 80),
    st.integers(1, 9),
    st.integers(1, 9),
    st.integers(0, 8),
    st.integers(2, 9),
    st.integers(0, 2**32 - 1),
)
def test_engine_threads_give_the_same_bits(dt, oh, ow, kh, kw, top, threads, seed):
    # the engine's own threads take chunks of whole blocks of four rows (the last chunk the
    # rest) from a shared counter: one-row, one-column and 2-D kernels give the one-thread
    # bits for any count, also more threads than blocks
    dtype = np.dtype(dt)
    rng = np.random.default_rng(seed)
    x = _data(rng, (max(1, oh + kh - 1 - top), ow + kw - 1), dtype)
    code = _compiled.codes(dtype, dtype, dtype)
    for k in (_data(rng, (1, kw), dtype), _data(rng, (kh, 1), dtype), _data(rng, (kh, kw), dtype)):
        shape = (oh + kh - k.shape[0], ow + kw - k.shape[1])
        one, many = np.empty(shape, dtype), np.empty(shape, dtype)
        _compiled._cdirect.correlate(x, k, one, code, top, 0, 3)
        _compiled._cdirect.correlate(x, k, many, code, top, 0, 3, 0, shape[0], threads)
        assert one.tobytes() == many.tobytes()


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(DTYPES),
    st.integers(1, 30),
    st.integers(1, 90),
    st.integers(1, 12),
    st.integers(1, 12),
    st.tuples(*[st.integers(0, 11)] * 2),
    st.sampled_from([0, 3, -2]),
    st.integers(1, 100),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
)
def test_fused_passes_give_the_bits_of_the_two_passes(
    dt, h, w, kh, kw, pads, fill, strip, threads, seed
):
    # the ring of row-pass rows, column strips (the row pass pads each strip's columns) and
    # threads give the bits of the row pass into a whole intermediate, then the column pass
    # padded with the row pass of a fill row
    dtype = np.dtype(dt)
    if dtype.kind == "u":
        fill = abs(fill)
    rng = np.random.default_rng(seed)
    top, left = min(pads[0], kh - 1), min(pads[1], kw - 1)
    oh, ow = h + 2 * top - kh + 1, w + 2 * left - kw + 1
    if oh < 1 or ow < 1:
        return
    x, u, v = _data(rng, (h, w), dtype), _data(rng, kh, dtype), _data(rng, kw, dtype)
    mid_dtype = _separable.intermediate_dtype(dtype)
    store = mid_dtype if mid_dtype.kind == "f" else np.dtype(f"u{mid_dtype.itemsize}")
    engine = _compiled._cdirect
    mid = np.empty((h, ow), mid_dtype)
    engine.correlate(x, v[None, :], mid, _compiled.codes(dtype, dtype, mid_dtype), 0, left, fill)
    fill_row = np.full(
        (1, kw), fill if store.kind == "f" else fill % 2 ** (8 * store.itemsize), store
    )
    code = _compiled.codes(store, dtype, mid_dtype)
    pad = engine.correlate(fill_row, v[None, :], np.empty((1, 1), mid_dtype), code, 0, 0, fill)
    want = np.empty((oh, ow), dtype)
    code = _compiled.codes(mid_dtype, dtype, dtype)
    engine.correlate(mid, u[:, None], want, code, top, 0, pad.item())
    got = np.empty((oh, ow), dtype)
    code = _compiled.codes(dtype, dtype, dtype)
    engine.separable(x, u[:, None], v[None, :], got, code, top, left, fill, strip, 0, oh, threads)
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("threads", [2, 3, 5])
@pytest.mark.parametrize("dt", [np.float64, np.float32, np.int64, np.uint8])
def test_fused_passes_share_many_chunks_and_strips_with_the_one_thread_bits(dt, threads):
    # tall enough for several row chunks a thread (a fused chunk is at least 16 kernel rows)
    # and narrow strips, so the threads interleave chunks of different strips; then a kernel
    # so tall that those chunks would be fewer than the threads (the rows are then cut into
    # a chunk a thread, each recomputing the row pass of the 30 rows above it)
    dtype = np.dtype(dt)
    rng = np.random.default_rng(7)
    for (h, w), kh, strip in (((403, 61), 3, 9), ((90, 70), 31, 70)):
        x, u, v = _data(rng, (h, w), dtype), _data(rng, kh, dtype), _data(rng, 5, dtype)
        code = _compiled.codes(dtype, dtype, dtype)
        oh = h + 2 - kh + 1
        one, many = np.empty((oh, w), dtype), np.empty((oh, w), dtype)
        args = (x, u[:, None], v[None, :])
        _compiled._cdirect.separable(*args, one, code, 1, 2, 3, strip, 0, oh, 1)
        _compiled._cdirect.separable(*args, many, code, 1, 2, 3, strip, 0, oh, threads)
        assert one.tobytes() == many.tobytes()


@pytest.mark.skipif(
    not _compiled.available() or _compiled._cdirect.vector_bytes() != 64,
    reason="no 64-byte float loops on this CPU",
)
@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["float64", "float32"]),
    st.integers(1, 12),
    st.integers(1, 140),
    st.integers(1, 9),
    st.integers(1, 9),
    st.integers(0, 2**32 - 1),
)
def test_vector_widths_give_the_same_bits(dt, oh, ow, kh, kw, seed):
    # the 64-byte float loops (AVX-512) against the 32-byte ones: the same arithmetic lane by
    # lane, the same bits for 2-D kernels, the passes' 1 x kw and kh x 1, and the fused passes
    dtype = np.dtype(dt)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((oh + kh - 1, ow + kw - 1)).astype(dtype)
    k = rng.standard_normal((kh, kw)).astype(dtype)
    u, v = k[:, :1].copy(), k[:1, :].copy()
    code = _compiled.codes(dtype, dtype, dtype)
    engine = _compiled._cdirect
    outs = {}
    try:
        for width in (32, 64):
            engine.vector_bytes(width)
            res = []
            for kern in (k, u, v):
                out = np.empty(
                    (x.shape[0] - kern.shape[0] + 1, x.shape[1] - kern.shape[1] + 1), dtype
                )
                res.append(engine.correlate(x, kern, out, code, 0, 0, 0).tobytes())
            out = np.empty((oh, ow), dtype)
            assert engine.separable(x, u, v, out, code, 0, 0, 0, 64)
            res.append(out.tobytes())
            outs[width] = res
    finally:
        engine.vector_bytes(64)
    assert outs[32] == outs[64]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["float64", "float32"]),
    st.sampled_from(["same", "full", "valid"]),
    st.sampled_from([np.nan, np.inf, -np.inf]),
    st.integers(0, 2**32 - 1),
)
def test_fused_passes_hand_nonfinite_outputs_to_the_direct_sum(dt, mode, bad, seed):
    # the passes check their outputs instead of the input: a NaN or inf anywhere makes them
    # decline, and the call returns the direct sum's result
    dtype = np.dtype(dt)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((260, 250)).astype(dtype)  # large enough for the passes
    x[tuple(rng.integers(0, 260, 3)), tuple(rng.integers(0, 250, 3))] = dtype.type(bad)
    g = rng.standard_normal(21)
    g[3] = 0.0  # a zero tap: inf * 0 is NaN in the direct sum too
    k = np.outer(g, rng.standard_normal(23)).astype(dtype)
    engine = _compiled._cdirect
    assert not engine.separable(
        x, k[:, :1].copy(), k[:1, :] / k[0, 0], np.empty((240, 228), dtype),
        _compiled.codes(dtype, dtype, dtype), 0, 0, 0, 64,
    )  # fmt: skip
    with np.errstate(all="ignore"):
        got = conv2d(x, k, mode)
        want = conv2d(x, k, mode, method="direct")
    assert got.tobytes() == want.tobytes()


def _counting(monkeypatch):
    calls = []
    original = _separable.compiled_valid

    def counted(*args, **kw):
        calls.append(1)
        return original(*args, **kw)

    monkeypatch.setattr(_separable, "compiled_valid", counted)
    return calls


@pytest.mark.parametrize("dtype", ["float64", "float32", "uint8", "int16", "int64"])
@pytest.mark.parametrize("mode", ["same", "full", "valid"])
def test_separable_calls_take_the_compiled_passes_with_any_thread_count(dtype, mode, monkeypatch):
    # large enough that two workers split both passes' rows; the bits do not move
    rng = np.random.default_rng(11)
    g = np.array([1, 6, 15, 20, 15, 6, 1, 2, 3, 1, 4, 5, 2, 1, 7], np.int64)
    if dtype.startswith("float"):
        k = (np.outer(g, g[::-1]) / 1e3).astype(dtype)
        x = rng.standard_normal((620, 610)).astype(dtype)
    else:
        k = np.outer(g % 5 + 1, g % 3 + 1).astype(dtype)
        x = _data(rng, (620, 610), dtype)
    calls = _counting(monkeypatch)
    outs = []
    for workers in (1, 2):
        set_workers(workers)
        try:
            outs.append(conv2d(x, k, mode))
            outs.append(xcorr2d(x, k, mode, "symm"))
        finally:
            set_workers(None)
    assert len(calls) == 4
    assert outs[0].tobytes() == outs[2].tobytes() and outs[1].tobytes() == outs[3].tobytes()
    assert_matches(outs[0], scipy_conv(x, k, mode), x, k, np.result_type(x, k))
    want = scipy_conv(x, k[::-1, ::-1], mode, "symm")
    assert_matches(outs[1], want, x, k, np.result_type(x, k))


def test_nonzero_fill_rows_are_the_row_pass_of_a_fill_row():
    # the column pass pads with one value: the row pass of a row of fill values
    rng = np.random.default_rng(12)
    x = rng.integers(0, 256, (300, 280)).astype(np.uint8)
    k = np.outer(np.arange(1, 10), np.arange(9, 0, -1)).astype(np.uint8)
    got = conv2d(x, k, "full", "fill", 7)
    np.testing.assert_array_equal(got, scipy_conv(x, k, "full", "fill", 7))
    xf = rng.standard_normal((300, 280)).astype(np.float32)
    kf = (np.outer(np.hanning(21) + 0.1, np.hanning(17) + 0.2) / 50).astype(np.float32)
    got = conv2d(xf, kf, "same", "fill", -1.5)
    assert_matches(got, scipy_conv(xf, kf, "same", "fill", -1.5), xf, kf, np.float32)
