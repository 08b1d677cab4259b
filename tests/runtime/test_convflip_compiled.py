"""The compiled direct engine (convflip._cdirect): exact integers, floats within the contract,
NaN/inf local, and the cost model's use of it never changing a result beyond the contract.

Every test but the first skips when the extension is not built; CI sets
CONVFLIP_REQUIRE_COMPILED=1 so that a missing build fails the first one instead.
"""

from __future__ import annotations

import contextlib
import os

import numpy as np
import pytest
import scipy.signal as ss
from convflip import _compiled, _core, conv2d, set_workers, xcorr2d
from convflip_reference import wrap_to
from helpers_convflip import assert_matches, make, scipy_conv, scipy_valid_ok
from hypothesis import assume, given, settings
from hypothesis import strategies as st

NOT_BUILT = (
    "the compiled engine convflip._cdirect is not built (no C compiler when convflip was "
    "installed); set CONVFLIP_REQUIRE_COMPILED=1 to make this an error"
)
needs_compiled = pytest.mark.skipif(not _compiled.available(), reason=NOT_BUILT)

INT_DTYPES = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64"]
FLOAT_DTYPES = ["float64", "float32"]


def test_the_compiled_engine_is_built():
    """CI proves the extension builds: there, a missing one is a failure, not a skip."""
    if _compiled.available():
        return
    if os.environ.get("CONVFLIP_REQUIRE_COMPILED") == "1":
        pytest.fail("CONVFLIP_REQUIRE_COMPILED=1 but convflip._cdirect does not import")
    pytest.skip(NOT_BUILT)


def test_the_engine_names_its_row_loops_and_the_model_prices_64_bits_by_them():
    from convflip import _costs

    if not _compiled.available():
        pytest.skip(NOT_BUILT)
    isa = _compiled.isa()
    assert isa in ("x86-64-v4", "avx2", "default")
    avx512 = _costs.COMPILED_COST[64] != _costs.COMPILED_COST_64_AVX2
    assert avx512 == (isa == "x86-64-v4")


@contextlib.contextmanager
def forced_engine():
    """Every call the compiled engine can sum goes to it; yields the list of its calls."""
    calls = []
    engine = _compiled._cdirect

    class Counting:
        @staticmethod
        def correlate(*args):
            calls.append(args[3])
            return engine.correlate(*args)

    _core._checked.cache_clear()  # shortcuts capture the engine when they are built
    _compiled.set_engine(True)
    _compiled._cdirect = Counting
    try:
        yield calls
    finally:
        _compiled._cdirect = engine
        _compiled.set_engine(None)
        _core._checked.cache_clear()


@pytest.fixture
def forced():
    with forced_engine() as calls:
        yield calls


def exact_xcorr(x, k, mode, fill, conv=False):
    """The exact correlation in Python ints, 'fill' boundary; ``conv``: 'same' anchored as
    conv2d's (``k`` is then the rotated kernel)."""
    kh, kw = k.shape
    h, w = x.shape
    if mode == "valid":
        top, left, oh, ow = 0, 0, h - kh + 1, w - kw + 1
    elif mode == "full":
        top, left, oh, ow = kh - 1, kw - 1, h + kh - 1, w + kw - 1
    elif conv:
        top, left, oh, ow = kh // 2, kw // 2, h, w
    else:
        top, left, oh, ow = (kh - 1) // 2, (kw - 1) // 2, h, w
    xs, ks, fill = x.tolist(), k.tolist(), int(fill)

    def at(r: int, c: int) -> int:
        return xs[r][c] if 0 <= r < h and 0 <= c < w else fill

    out = [
        [
            sum(at(i + a - top, j + b - left) * ks[a][b] for a in range(kh) for b in range(kw))
            for j in range(ow)
        ]
        for i in range(oh)
    ]
    return np.array(out, dtype=object)


shapes = st.tuples(st.integers(1, 24), st.integers(1, 24), st.integers(1, 9), st.integers(1, 9))


@needs_compiled
@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(INT_DTYPES),
    shapes,
    st.sampled_from(["full", "same", "valid"]),
    st.booleans(),
    st.integers(0, 2**32 - 1),
    st.booleans(),
)
def test_forced_integers_equal_scipys_wrapped_result(dt, shape, mode, conv, seed, fill_max):
    h, w, kh, kw = shape
    assume(mode != "valid" or (kh <= h and kw <= w))
    rng = np.random.default_rng(seed)
    x, k = make(rng, (h, w), dt), make(rng, (kh, kw), dt)
    fill = np.iinfo(dt).max if fill_max else 0
    with forced_engine() as calls:
        fn = conv2d if conv else xcorr2d
        got = fn(x, k, mode, "fill", fill)
        again = fn(x, k, mode, "fill", fill)  # the shortcut, built by the first call
    assert len(calls) == 2
    kk = k[::-1, ::-1] if conv else k
    want = wrap_to(exact_xcorr(x, kk, mode, fill, conv), dt)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(again, want)
    assert got.dtype == np.dtype(dt) and got.flags.c_contiguous
    scipy_fn = ss.convolve2d if conv else ss.correlate2d
    np.testing.assert_array_equal(got, scipy_fn(x, k, mode, "fill", fill))


@needs_compiled
@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(FLOAT_DTYPES),
    shapes,
    st.sampled_from(["full", "same", "valid"]),
    st.booleans(),
    st.sampled_from([0.0, 1.5, -2.0]),
    st.sampled_from([(), (2,), (2, 1)]),
    st.integers(0, 2**32 - 1),
)
def test_forced_floats_within_the_contract(dt, shape, mode, conv, fill, batch, seed):
    h, w, kh, kw = shape
    assume(scipy_valid_ok((h, w), (kh, kw)) or mode != "valid")
    rng = np.random.default_rng(seed)
    x, k = make(rng, (*batch, h, w), dt), make(rng, (kh, kw), dt)
    fn = conv2d if conv else xcorr2d
    with forced_engine() as calls:
        got = fn(x, k, mode, "fill", fill)
        again = fn(x, k, mode, "fill", fill)  # a shortcut, if the first call built one
    swapped = mode == "valid" and (kh > h or kw > w)
    images = int(np.prod(batch))  # one engine call per image of a batch
    assert len(calls) == 2 * images or (swapped and batch)  # swapped: a batch of kernels
    padded = np.append(x, fill)  # the tolerance's max|x| includes the fill value
    for idx in np.ndindex(*batch):
        if conv:
            want = scipy_conv(x[idx], k, mode, "fill", fill)
        else:
            want = ss.correlate2d(x[idx], k, mode, "fill", fill)
        assert_matches(got[idx], want, padded, k, dt)
        assert_matches(again[idx], want, padded, k, dt)


@needs_compiled
@pytest.mark.parametrize("dt", FLOAT_DTYPES)
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_nan_and_inf_stay_local_in_the_direct_sum(dt, mode):
    """A direct sum keeps NaN/inf local by itself: an output is NaN/inf exactly where
    scipy's loop has it (every tap multiplied, so inf * 0 is NaN there too)."""
    rng = np.random.default_rng(11)
    x, k = make(rng, (40, 37), dt), make(rng, (5, 4), dt)
    x[3, 4], x[20, 30], x[39, 0] = np.inf, np.nan, -np.inf
    k[1, 2] = 0.0
    k2 = k.copy()
    k2[4, 3] = np.nan
    for kernel in (k, k2):
        with forced_engine() as calls:
            got = conv2d(x, kernel, mode)
        assert calls
        want = scipy_conv(x, kernel, mode)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
        np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
        np.testing.assert_array_equal(got[np.isinf(got)], want[np.isinf(want)])
        finite = np.isfinite(want)
        if kernel is k:  # local: most outputs stay finite (a NaN tap reaches every output)
            assert finite.sum() > want.size // 2
        tame_x, tame_k = np.nan_to_num(x, posinf=0, neginf=0), np.nan_to_num(kernel)
        assert_matches(got[finite], want[finite], tame_x, tame_k)


@needs_compiled
def test_strided_readonly_mixed_and_bool_operands(forced):
    rng = np.random.default_rng(5)
    base = make(rng, (50, 60), np.float64)
    x = base[::2, ::-3]  # negative and non-unit strides
    x.flags.writeable = False
    k = make(rng, (4, 3), np.float32)[::-1]
    assert_matches(conv2d(x, k, "same"), scipy_conv(x, k, "same"), x, k, np.float64)
    xi = make(rng, (30, 20), np.uint8)[:, ::2]
    ki = make(rng, (3, 5), np.int16)
    want = ss.correlate2d(xi, ki, "full", "fill", -7)
    assert_matches(xcorr2d(xi, ki, "full", fillvalue=-7), want, xi, ki, np.int16)
    xb = rng.random((17, 19)) < 0.5
    kb = make(rng, (3, 3), np.int32)
    assert_matches(conv2d(xb, kb, "same"), scipy_conv(xb, kb, "same"), xb, kb, np.int32)
    # uint8 image, int64 output requested: every product exact, no wrap
    xu, ku = make(rng, (20, 20), np.uint8), make(rng, (3, 3), np.uint8)
    want = scipy_conv(xu.astype(np.int64), ku.astype(np.int64), "full")
    assert_matches(conv2d(xu, ku, dtype=np.int64), want, xu, ku, np.int64)
    assert len(forced) >= 4


@needs_compiled
def test_bad_input_still_names_the_argument(forced):
    x, k = np.ones((6, 6)), np.ones((3, 3))
    with pytest.raises(ValueError, match="mode must be"):
        conv2d(x, k, "vaild")
    with pytest.raises(TypeError, match="x has dtype object"):
        conv2d(x.astype(object), k)
    with pytest.raises(ValueError, match="k must not be empty"):
        conv2d(x, np.ones((0, 3)))
    with pytest.raises(ValueError, match="fillvalue 300 does not fit"):
        conv2d(x.astype(np.uint8), k.astype(np.uint8), "same", fillvalue=300)
    # what the engine cannot sum goes elsewhere: big-endian, complex, longdouble
    xb = np.arange(36.0).reshape(6, 6).astype(">f8")
    assert_matches(conv2d(xb, k, "same"), scipy_conv(xb, k, "same"), xb, k, np.float64)
    z = x + 1j
    assert_matches(conv2d(z, k), scipy_conv(z, k, "full"), z, k, np.complex128)
    assert not forced


@needs_compiled
def test_the_extension_checks_its_own_arguments():
    engine = _compiled._cdirect
    code = _compiled.codes(np.dtype(np.float64), np.dtype(np.float64), np.dtype(np.float64))
    x, k, out = np.ones((5, 5)), np.ones((2, 2)), np.empty((4, 4))
    with pytest.raises(ValueError, match="x must be 2-D"):
        engine.correlate(np.ones(5), k, out, code, 0, 0, 0.0)
    with pytest.raises(ValueError, match="do not match"):
        engine.correlate(x.astype(np.float32), k, out, code, 0, 0, 0.0)
    with pytest.raises(ValueError, match="do not match"):
        engine.correlate(x, k, out, code, 0, 0, 0.0, 2, 9)  # rows beyond the output
    with pytest.raises(ValueError, match="bad codes or offsets"):
        engine.correlate(x, k, out, code, -1, 0, 0.0)
    with pytest.raises(ValueError, match="out must be 2-D"):
        engine.correlate(x, k, out[None], code, 0, 0, 0.0)
    with pytest.raises(ValueError, match="do not match"):
        engine.correlate(x, k, np.empty((4, 8))[:, ::2], code, 0, 0, 0.0)  # strided rows
    with pytest.raises(ValueError, match="integer sum of float operands"):
        engine.correlate(x, k, out.view(np.int64), code & ~0xF00 | 2 << 8, 0, 0, 0)
    with pytest.raises(TypeError, match="correlate"):
        engine.correlate(x, k, out)
    readonly = np.empty((4, 4))
    readonly.flags.writeable = False
    with pytest.raises((TypeError, ValueError, BufferError)):
        engine.correlate(x, k, readonly, code, 0, 0, 0.0)
    # any offsets are memory-safe: outside the image everything reads the fill value
    far = np.empty((3, 3))
    engine.correlate(x, k, far, code, 50, 50, 2.5)
    np.testing.assert_array_equal(far, np.full((3, 3), 10.0))


@needs_compiled
def test_threads_give_the_same_bits(forced):
    rng = np.random.default_rng(2)
    for dt in ("float64", "float32", "uint8", "int64"):
        x, k = make(rng, (600, 700), dt), make(rng, (5, 6), dt)
        set_workers(1)
        one = conv2d(x, k, "same")
        set_workers(2)
        try:
            two = conv2d(x, k, "same")
        finally:
            set_workers(None)
        np.testing.assert_array_equal(one, two)


@needs_compiled
@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["uint8", "int16", "int64", "float64", "float32"]),
    st.integers(3, 70),
    st.integers(1, 15),
    st.sampled_from(["full", "same", "valid"]),
    st.sampled_from(["fill", "symm"]),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_the_method_choice_never_changes_a_result(dt, n, m, mode, boundary, accel, seed):
    """Under 'auto' the model may pick the compiled engine or not: integers give the same
    bits with it forced, off and chosen, floats stay within the contract."""
    from convflip import set_accelerator

    rng = np.random.default_rng(seed)
    x, k = make(rng, (n, n + 3), dt), make(rng, (min(m, n), m), dt)
    results = []
    set_accelerator(accel)
    try:
        for setting in (None, True, False):
            _core._checked.cache_clear()
            _compiled.set_engine(setting)
            results.append(conv2d(x, k, mode, boundary))
            results.append(conv2d(x, k, mode, boundary))  # shortcut, if one was built
    finally:
        _compiled.set_engine(None)
        set_accelerator(None)
        _core._checked.cache_clear()
    want = scipy_conv(x, k, mode, boundary)
    for got in results:
        assert_matches(got, want, x, k, want.dtype)


@needs_compiled
def test_the_model_takes_it_for_small_calls():
    """At 64² ⊛ 3² the compiled engine is the cheapest, so repeated calls go to its shortcut
    (the per-call profile is in runtime/README.md)."""
    _core._checked.cache_clear()
    rng = np.random.default_rng(1)
    for dt in ("float64", "float32", "uint8"):
        x, k = make(rng, (64, 64), dt), make(rng, (3, 3), dt)
        conv2d(x, k, "same")
        call = _core._checked("same", "fill", "auto", x.shape, x.dtype, k.shape, k.dtype, True)
        shortcuts = call[-1]
        assert any(s is not None and "_compiled_sum" in s.__qualname__ for s in shortcuts.values())


def _row_major_sum(xp: np.ndarray, kk: np.ndarray, oh: int, ow: int) -> np.ndarray:
    """The valid correlation of the padded image ``xp``, tap by tap in row-major order, in
    ``kk``'s float type, each tap's products rounded before they are added (no fused
    multiply-add): the order the engine documents for floats."""
    out = np.zeros((oh, ow), kk.dtype)
    for a in range(kk.shape[0]):
        for b in range(kk.shape[1]):
            out = out + xp[a : a + oh, b : b + ow] * kk[a, b]
    return out


@needs_compiled
@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(FLOAT_DTYPES),
    st.tuples(st.integers(1, 40), st.integers(1, 90), st.integers(1, 9), st.integers(1, 9)),
    st.tuples(st.integers(0, 9), st.integers(0, 9)),
    st.integers(0, 40),
    st.integers(0, 40),
    st.sampled_from([0.0, 1.5]),
    st.integers(0, 2**32 - 1),
)
def test_float_sums_are_the_row_major_order_bit_for_bit(dt, shape, pads, r0, r1, fill, seed):
    """The engine's blocks (two output rows at a time, 4, 2 or 1 vectors a row, overlapping
    last blocks, scalar columns, a last unpaired row) all add each output's taps from zero
    in row-major order: the bits equal the plain tap loop's for every width, height, row
    range and padding, with any widths the vectors do not divide."""
    h, w, kh, kw = shape
    top, left = pads
    rng = np.random.default_rng(seed)
    x, k = make(rng, (h, w), dt), make(rng, (kh, kw), dt)
    xp = np.pad(x, ((top, kh), (left, kw)), constant_values=fill)
    oh, ow = h + top - kh + 1 + kh, w + left - kw + 1 + kw  # also rows and columns past the image
    oh, ow = max(1, min(oh, xp.shape[0] - kh + 1)), max(1, min(ow, xp.shape[1] - kw + 1))
    want = _row_major_sum(xp, k, oh, ow)
    r0, r1 = sorted((min(r0, oh), min(r1, oh)))
    out = np.full((oh, ow), -7.0, dt)
    code = _compiled.codes(x.dtype, k.dtype, np.dtype(dt))
    _compiled._cdirect.correlate(x, k, out, code, top, left, fill, r0, r1)
    np.testing.assert_array_equal(out[r0:r1], want[r0:r1])
    assert (out[:r0] == -7).all() and (out[r1:] == -7).all()
