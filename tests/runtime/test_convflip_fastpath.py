"""The low-overhead path for small problems gives the contract's result on every route."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.ndimage as ndi
from convflip import _compiled, _small, conv2d, xcorr2d
from helpers_convflip import assert_matches, make, scipy_conv, scipy_xcorr
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


@settings(max_examples=60)
@given(
    st.sampled_from(["float64", "float32", "complex128", "int64", "uint8", "int16", "uint32"]),
    st.integers(8, 70),
    st.integers(0, 6),
    st.integers(0, 6),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_few_outputs_of_a_large_kernel_equal_scipy(dt, side, dh, dw, nonfinite, seed):
    # 'valid' with a kernel nearly as large as the image: scipy's own loop may sum it
    rng = np.random.default_rng(seed)
    x = make(rng, (side + dh, side + dw), dt)
    k = make(rng, (side, side), dt)
    if nonfinite and np.dtype(dt).kind == "f":
        x[rng.integers(0, x.shape[0]), rng.integers(0, x.shape[1])] = np.inf
        k[0, 0] = 0  # inf * 0 is NaN in scipy's loop
    for fn, kernel in ((conv2d, k), (xcorr2d, k[::-1, ::-1])):
        got = fn(x, kernel, "valid")
        want = scipy_conv(x, k, "valid")
        if np.dtype(dt).kind == "f":
            np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
            np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
            finite = np.isfinite(want)
            got, want = got[finite], want[finite]
        assert_matches(got, want, x, k, np.result_type(x, k))


def test_scipy_loop_is_taken_for_few_outputs(monkeypatch):
    # without the compiled engine, which sums the integer cells faster (test_convflip_compiled)
    monkeypatch.setattr(_compiled, "mode", False)
    calls = []
    original = _small.loop_correlate
    monkeypatch.setattr(_small, "loop_correlate", lambda *a: calls.append(1) or original(*a))
    rng = np.random.default_rng(8)
    for dt in ("float64", "int64", "uint8"):
        x, k = make(rng, (64, 64), dt), make(rng, (63, 63), dt)
        assert_matches(conv2d(x, k, "valid"), scipy_conv(x, k, "valid"), x, k)
    assert len(calls) == 3


def test_direct_pocketfft_equals_the_public_transforms(rng, monkeypatch):
    from convflip import _fft

    assert _fft._direct_ok()  # the probe passed on this scipy
    x = make(rng, (2, 150, 170), np.float64)
    k = make(rng, (9, 9), np.float64)
    for boundary in ("fill", "symm"):
        fast = conv2d(x, k, "same", boundary, method="fft")
        monkeypatch.setattr(_fft, "_direct_ok", lambda: False)
        public = conv2d(x, k, "same", boundary, method="fft")
        monkeypatch.undo()
        np.testing.assert_array_equal(fast, public)
    z = make(rng, (40, 50), np.complex64)
    fast = conv2d(z, z[:7, :7], method="fft")
    monkeypatch.setattr(_fft, "_direct_ok", lambda: False)
    np.testing.assert_array_equal(fast, conv2d(z, z[:7, :7], method="fft"))


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["float64", "float32"]),
    st.integers(5, 72),
    st.integers(1, 17),
    st.sampled_from(["full", "same", "valid"]),
    st.sampled_from(["fill", "wrap", "symm"]),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_cached_choice_never_carries_one_calls_data_to_the_next(
    dt, side, m, mode, boundary, accel, seed
):
    # the method choice is cached per shapes and dtypes; what depends on the values (finite
    # input, a rank-1 kernel, weights ndimage would drop) is decided again on every call
    rng = np.random.default_rng(seed)
    m = min(m, side)
    x = make(rng, (side, side), dt)
    u, v = rng.standard_normal(m), rng.standard_normal(m)
    kernels = [np.outer(u, v).astype(dt), make(rng, (m, m), dt), make(rng, (m, m), dt)]
    kernels[2][m // 2, m // 2] = 0  # a zero weight: ndimage and filter2D drop it
    images = [x, x.copy(), x]
    images[1][side // 2, side // 3] = np.inf  # inf * 0 is NaN in the direct sum
    from convflip import set_accelerator

    set_accelerator(accel)
    try:
        for img in images:
            for k in kernels:
                got = conv2d(img, k, mode, boundary)
                want = scipy_conv(img, k, mode, boundary)
                np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
                np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
                finite = np.isfinite(want)
                assert_matches(got[finite], want[finite], img[np.isfinite(img)], k)
    finally:
        set_accelerator(None)


def test_cached_choice_follows_the_settings(monkeypatch):
    from convflip import _core, _small, set_accelerator, set_workers

    monkeypatch.setattr(_compiled, "mode", False)  # it would sum both settings' calls
    rng = np.random.default_rng(3)
    x, k = make(rng, (64, 64), np.float64), make(rng, (3, 3), np.float64)
    want = scipy_conv(x, k, "same")
    calls = []
    original = _small.correlate
    monkeypatch.setattr(_small, "correlate", lambda *a: calls.append(1) or original(*a))
    try:
        for accel in (True, False, True):
            set_accelerator(accel)
            for workers in (1, 2):
                set_workers(workers)
                assert_matches(conv2d(x, k, "same"), want, x, k, np.float64)
    finally:
        set_accelerator(None)
        set_workers(None)
    # ndimage sums it without the accelerator only: the choice is not frozen at the first call
    assert len(calls) == (2 if _core._accel.cv2 is not None else 6)


def test_cached_checks_raise_like_the_uncached_ones():
    x, k = np.ones((5, 5)), np.ones((3, 3))
    with pytest.raises(ValueError, match="mode must be"):
        conv2d(x, k, "vaild")
    with pytest.raises(ValueError, match="mode must be"):
        conv2d(x, k, ["valid"])  # unhashable: the uncached checks name it
    with pytest.raises(ValueError, match="boundary must be"):
        conv2d(x, k, "same", "reflect")
    with pytest.raises(ValueError, match="method must be"):
        conv2d(x, k, method="ftt")
    with pytest.raises(TypeError, match="not supported"):
        conv2d(x.astype(object), k)
    with pytest.raises(ValueError, match="must not be empty"):
        conv2d(np.ones((0, 5)), k)
    with pytest.raises(ValueError, match="leading dimensions"):
        conv2d(np.ones((2, 5, 5)), np.ones((3, 3, 3)))
    with pytest.raises(ValueError, match="for mode 'valid'"):
        conv2d(np.ones((5, 2)), np.ones((3, 3)), "valid")
    # the fill value is checked before the geometry, with or without the cache
    for _ in range(2):
        with pytest.raises(ValueError, match="fillvalue must be a scalar"):
            conv2d(np.ones((5, 2)), np.ones((3, 3)), "valid", fillvalue=[1, 2])


def test_environment_reader_equals_os_environ(monkeypatch):
    import os

    from convflip import _settings

    monkeypatch.delenv("CONVFLIP_TEST_SETTING", raising=False)
    assert _settings.env("CONVFLIP_TEST_SETTING", "d") == "d"
    monkeypatch.setenv("CONVFLIP_TEST_SETTING", "ä 2")
    assert _settings.env("CONVFLIP_TEST_SETTING", "d") == os.environ["CONVFLIP_TEST_SETTING"]
    monkeypatch.setenv("CONVFLIP_TEST_SETTING", "")
    assert _settings.env("CONVFLIP_TEST_SETTING", "d") == ""
    monkeypatch.delenv("CONVFLIP_TEST_SETTING")
    assert _settings.env("CONVFLIP_TEST_SETTING", "d") == "d"


def _general_path(fn, *args, **kwargs):
    """``fn``'s result with no shortcut (``_fast``) built or used."""
    from convflip import _core, _fast

    _core._checked.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_fast, "build", lambda *a, **kw: None)
        out = fn(*args, **kwargs)
    _core._checked.cache_clear()
    return out


@settings(max_examples=50, deadline=None)
@given(
    st.sampled_from(["float64", "float32"]),
    st.integers(6, 72),
    st.integers(1, 72),
    st.sampled_from(["full", "same", "valid"]),
    st.sampled_from(["fill", "symm", "wrap"]),
    st.sampled_from(["auto", "direct", "fft"]),
    st.booleans(),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_shortcuts_give_the_general_paths_bits(
    dt, side, m, mode, boundary, method, conv, accel, seed
):
    """A shortcut built on one call gives, on later calls with other values (inf in the image,
    NaN or a zero tap in the kernel, a rank-1 kernel the general path splits), exactly the
    general path's result: NaN and inf where it has them and the same bits elsewhere, for
    filter2D (direct and DFT), scipy's loop and the FFT."""
    from convflip import set_accelerator

    rng = np.random.default_rng(seed)
    m = min(m, side)
    fn = conv2d if conv else xcorr2d
    x, k = make(rng, (side, side), dt), make(rng, (m, m), dt)
    inf_x = x.copy()
    inf_x[rng.integers(0, side), rng.integers(0, side)] = -np.inf
    zero_k, nan_k = k.copy(), k.copy()
    zero_k[m // 2, (m - 1) // 2] = 0
    nan_k[0, m - 1] = np.nan
    rank1 = np.outer(rng.standard_normal(m), rng.standard_normal(m)).astype(dt)
    cases = ((x, k), (inf_x, k), (inf_x, zero_k), (x, nan_k), (x, zero_k), (x, rank1))
    set_accelerator(accel)
    try:
        for img, kernel in cases:
            want = _general_path(fn, img, kernel, mode, boundary, method=method)
            fn(x, k, mode, boundary, method=method)  # plans the combination, builds its shortcut
            got = fn(img, kernel, mode, boundary, method=method)
            np.testing.assert_array_equal(got, want)
            assert got.dtype == want.dtype and got.flags.c_contiguous
    finally:
        set_accelerator(None)


@pytest.mark.parametrize(
    ("n", "m", "mode", "accel", "kind"),
    [
        (64, 7, "same", True, "_filter2d"),
        (64, 31, "same", True, "_filter2d"),
        (64, 7, "valid", True, "_filter2d"),
        (64, 63, "valid", False, "_loop"),
        (64, 15, "same", False, "_transform"),
        (256, 31, "same", False, "_unless_split"),  # a split could win: tested per call
    ],
)
def test_each_shortcut_is_built_and_used(n, m, mode, accel, kind, monkeypatch):
    from convflip import _core, set_accelerator

    if accel and _core._accel.cv2 is None:
        pytest.skip("opencv not installed")
    monkeypatch.setattr(_compiled, "mode", False)  # its shortcut: test_convflip_compiled
    rng = np.random.default_rng(m)
    x, k = make(rng, (n, n), np.float64), make(rng, (m, m), np.float64)
    set_accelerator(accel)
    try:
        conv2d(x, k, mode)
        call = _core._checked(mode, "fill", "auto", x.shape, x.dtype, k.shape, k.dtype, True)
        (shortcut,) = call[-1].values()
        assert kind in shortcut.__qualname__
        monkeypatch.setattr(_core, "_floating", None)  # the general path is not taken
        assert_matches(conv2d(x, k, mode), scipy_conv(x, k, mode), x, k, np.float64)
        monkeypatch.undo()
        x[5, 9] = np.nan  # the FFT and filter2D's DFT would spread it: the general path keeps
        got = conv2d(x, k, mode)  # it local, as scipy's direct sum does
        np.testing.assert_array_equal(np.isnan(got), np.isnan(scipy_conv(x, k, mode)))
    finally:
        set_accelerator(None)


def test_all_finite_finds_every_nan_and_inf():
    from convflip import _fast

    for dt in (np.float64, np.float32):
        for n in (3, 600):  # the mask, and the sum
            a = np.ones((n, n), dt)
            assert _fast.all_finite(a)
            big = np.full((n, n), np.finfo(dt).max, dt)  # overflows the sum: the mask decides
            assert _fast.all_finite(big)
            for bad in (np.nan, np.inf, -np.inf):
                b = a.copy()
                b[n - 1, n // 2] = bad
                assert not _fast.all_finite(b)
                assert not _fast.all_finite(b[:, ::-1])  # not contiguous


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["float64", "float32"]),
    st.integers(13, 300),
    st.integers(8, 20),
    st.sampled_from(["same", "valid"]),
    st.booleans(),
    st.sampled_from([np.nan, np.inf, -np.inf]),
    st.sampled_from(["image", "kernel", "none"]),
    st.integers(0, 2**32 - 1),
)
def test_filter2d_dft_shortcut_reads_finiteness_off_its_output(
    dt, side, m, mode, conv, bad, where, seed
):
    """The filter2D DFT shortcut checks its output, not its operands: a NaN or inf anywhere
    in the image (corners and edges included, several DFT blocks for large images) or the
    kernel still reaches the general path, which keeps it local like scipy's direct sum."""
    from convflip import _accel, set_accelerator

    if _accel.cv2 is None:
        pytest.skip("opencv not installed")
    rng = np.random.default_rng(seed)
    if dt == "float32":
        m = max(m, 12)  # filter2D transforms float32 from 130 taps
    m = min(m, side)
    fn = conv2d if conv else xcorr2d
    x, k = make(rng, (side, side), dt), make(rng, (m, m), dt)
    set_accelerator(True)
    try:
        fn(x, k, mode)  # plans the combination, builds its shortcut
        img, kernel = x.copy(), k.copy()
        corners = [(0, 0), (0, -1), (-1, 0), (-1, -1)]
        if where == "image":
            r, c = corners[seed % 4] if seed % 3 else tuple(rng.integers(0, side, 2))
            img[r, c] = bad
        elif where == "kernel":
            kernel[tuple(rng.integers(0, m, 2))] = bad
        got = fn(img, kernel, mode)
        want = _general_path(fn, img, kernel, mode)
        np.testing.assert_array_equal(got, want)
        assert got.dtype == want.dtype and got.flags.c_contiguous
        ref = (scipy_conv if conv else scipy_xcorr)(img, kernel, mode)
        if where == "none":
            assert_matches(got, ref, img, kernel, np.dtype(dt))
        else:
            np.testing.assert_array_equal(np.isfinite(got), np.isfinite(ref))
    finally:
        set_accelerator(None)


@pytest.mark.parametrize("dt", ["float64", "float32"])
@pytest.mark.parametrize("mode", ["same", "valid"])
@pytest.mark.parametrize("conv", [True, False])
def test_filter2d_dft_shortcut_refuses_exactly_the_non_finite_calls(dt, mode, conv, rng):
    """The shortcut itself, built for a kernel filter2D transforms: the contract's result on
    finite operands, None (the general path) for a NaN or inf at a corner, an edge, the
    centre of the image, or in the kernel."""
    from convflip import _accel, _args, _fast

    if _accel.cv2 is None:
        pytest.skip("opencv not installed")
    acc = np.dtype(dt)
    m = 13  # 169 taps: above filter2D's DFT threshold for float64 (50) and float32 (130)
    assert m * m > _accel.direct_taps(acc) and _accel.dft_spreads(acc)
    x, k = make(rng, (70, 66), acc), make(rng, (m, m), acc)
    geo = _args.geometry(mode, x.shape, k.shape, conv)
    shortcut = _fast._filter2d(geo, "fill", x.shape, k.shape, conv, acc, finite_only=True)
    got = shortcut(x, k)
    ref = (scipy_conv if conv else scipy_xcorr)(x, k, mode)
    assert_matches(got, ref, x, k, acc)
    assert got.flags.c_contiguous
    for bad in (np.nan, np.inf, -np.inf):
        for r, c in ((0, 0), (0, 65), (69, 0), (69, 65), (0, 30), (35, 33)):
            img = x.copy()
            img[r, c] = bad
            assert shortcut(img, k) is None, (bad, r, c)
        kernel = k.copy()
        kernel[m - 1, 0] = bad
        assert shortcut(x, kernel) is None, bad


def test_filter2d_dft_is_probed_to_spread_non_finite_input():
    from convflip import _accel

    if _accel.cv2 is None:
        pytest.skip("opencv not installed")
    for dt in (np.float64, np.float32):
        assert _accel.dft_spreads(np.dtype(dt))
