"""The FFT engine's separate passes (``_fft._forward_rows`` and the split inverse) against
scipy, forced on small shapes by lowering the size from which they run; and integer calls
through filter2D's float64 DFT with the rounding bound (``_exact.dft_blocks_proven``),
forced by pricing that path below every other, bit for bit against scipy."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from convflip import (
    _accel,
    _compiled,
    _core,
    _costs,
    _exact,
    _fft,
    conv2d,
    set_accelerator,
    xcorr2d,
)
from helpers_convflip import assert_matches, make, scipy_conv, scipy_valid_ok, scipy_xcorr
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.fft._pocketfft import pypocketfft


@pytest.mark.parametrize("dt", ["float64", "float32"])
@pytest.mark.parametrize("shape", [(5, 7), (3, 6, 9), (2, 2, 4, 5)])
def test_row_pass_gives_pocketffts_two_axis_bits(dt, shape, rng):
    a = make(rng, shape, dt)
    for size in ((9, 10), (16, 9), (shape[-2] + 1, shape[-1])):
        want = pypocketfft.r2c(_fft._fit(a, size), (a.ndim - 2, a.ndim - 1), True, 0, None, 1)
        got = _fft._forward_rows(a, size, 1)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("direct", [True, False])
def test_split_inverse_public_and_private_passes_agree(direct, rng, monkeypatch):
    monkeypatch.setattr(_fft, "_SPLIT_MIN", 1)
    if not direct:
        monkeypatch.setattr(_fft, "_direct_ok", lambda: False)
    spec = pypocketfft.r2c(make(rng, (3, 12, 10), "float64"), (1, 2), True, 0, None, 1)
    want = pypocketfft.c2r(spec, (1, 2), 10, False, 2, None, 1)
    got = _fft._inverse(spec.copy(), (12, 10), True, slice(2, 9))
    np.testing.assert_allclose(got, want[:, 2:9], rtol=0, atol=1e-14)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["float64", "float32"]),
    st.integers(1, 30),
    st.integers(1, 30),
    st.integers(1, 9),
    st.integers(1, 9),
    st.sampled_from(["full", "same", "valid"]),
    st.sampled_from(["fill", "wrap", "symm"]),
    st.booleans(),
    st.sampled_from([(), (2,)]),
    st.integers(0, 2**32 - 1),
)
def test_split_passes_match_scipy(dt, h, w, kh, kw, mode, boundary, conv, batch, seed):
    assume(mode != "valid" or scipy_valid_ok((h, w), (kh, kw)))
    rng = np.random.default_rng(seed)
    x, k = make(rng, (*batch, h, w), dt), make(rng, (kh, kw), dt)
    mp = pytest.MonkeyPatch()
    mp.setattr(_fft, "_SPLIT_MIN", 1)
    set_accelerator(False)
    try:
        fn = conv2d if conv else xcorr2d
        got = fn(x, k, mode, boundary, method="fft")
    finally:
        set_accelerator(None)
        mp.undo()
    ref = scipy_conv if conv else scipy_xcorr
    want = np.stack([ref(xi, k, mode, boundary) for xi in x.reshape(-1, h, w)])
    assert_matches(got, want.reshape(got.shape), x, k, dt)


def test_a_large_transform_takes_the_split_passes(rng, monkeypatch):
    """At 200² the passes run split without any patching (the threshold is real)."""
    calls = []
    real = _fft._forward_rows
    monkeypatch.setattr(_fft, "_forward_rows", lambda *a: calls.append(a[1]) or real(*a))
    x, k = make(rng, (200, 190), "float64"), make(rng, (9, 9), "float64")
    set_accelerator(False)
    try:
        got = conv2d(x, k, "same", method="fft")
    finally:
        set_accelerator(None)
    assert calls  # the kernel's rows (and the image's, padded) went through the row pass
    assert_matches(got, scipy_conv(x, k, "same"), x, k, "float64")


# --- integers through filter2D's float64 DFT, rounded (``_core._int_cv2_dft``) ---

needs_cv2 = pytest.mark.skipif(_accel.cv2 is None, reason="OpenCV (the accelerator) missing")


@pytest.fixture
def dft_forced(monkeypatch):
    """Every integer call the proof admits goes to filter2D's DFT: its price is made
    negative, scipy's loop and the compiled engine (which come first) are off; yields the
    list of the path's answers (True: it ran, False: the bound refused)."""
    ran = []
    real = _core._int_cv2_dft

    def spy(*args):
        out = real(*args)
        ran.append(out is not None)
        return out

    monkeypatch.setattr(_core, "_int_cv2_dft", spy)
    monkeypatch.setattr(_costs, "CV2_DFT_INT", (-1.0, -1.0))
    monkeypatch.setattr(_costs, "loop_first", lambda *args: False)
    _compiled.set_engine(False)
    set_accelerator(True)
    _core._checked.cache_clear()
    yield ran
    set_accelerator(None)
    _compiled.set_engine(None)
    _core._checked.cache_clear()


@needs_cv2
@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["uint8", "int8", "uint16", "int16"]),
    st.integers(40, 64),  # filter2D is used where at least a quarter of its output is kept
    st.integers(40, 64),
    st.integers(8, 15),
    st.integers(7, 15),
    st.sampled_from(["full", "same", "valid"]),
    st.sampled_from(["fill", "wrap", "symm"]),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_filter2d_dft_rounds_to_scipys_integers(dt, h, w, kh, kw, mode, boundary, conv, seed):
    assume(kh * kw >= 50)  # filter2D's DFT threshold (below it, it sums directly)
    rng = np.random.default_rng(seed)
    x, k = make(rng, (h, w), dt), make(rng, (kh, kw), dt)
    if dt.endswith("16"):
        k = (k // 256).astype(dt)  # 8-bit kernel values: the bound admits 16-bit images
    with _forced_dft() as ran:
        fn = conv2d if conv else xcorr2d
        got = fn(x, k, mode, boundary)
    want = (scipy_conv if conv else scipy_xcorr)(x, k, mode, boundary)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    mx, mk = int(np.abs(x.astype(np.int64)).max()), int(np.abs(k.astype(np.int64)).max())
    proven = _exact.dft_blocks_proven(_accel.dft_sizes((kh, kw)), mx, kh * kw, mk)
    assert ran == [proven]  # it ran where the bound admits the values, else another engine
    assert proven or dt.endswith("16")  # every 8-bit call is admitted


@contextlib.contextmanager
def _forced_dft():
    mp = pytest.MonkeyPatch()
    gen = dft_forced.__wrapped__(mp)
    try:
        yield next(gen)
    finally:
        with contextlib.suppress(StopIteration):
            next(gen)
        mp.undo()


@needs_cv2
def test_filter2d_dft_is_exact_at_the_8bit_extremes(dft_forced):
    """Every value 255, a 63 x 63 kernel of 255: 'full' outputs are the overlap counts times
    255**2 (up to 2.6e8), exact with dtype=int64 and wrapped like scipy as uint8."""
    x = np.full((300, 290), 255, np.uint8)
    k = np.full((63, 63), 255, np.uint8)
    rows = np.minimum.reduce([np.arange(362) + 1, np.full(362, 63), 362 - np.arange(362)])
    rows = np.minimum(rows, 300)
    cols = np.minimum.reduce([np.arange(352) + 1, np.full(352, 63), 352 - np.arange(352)])
    cols = np.minimum(cols, 290)
    exact = np.outer(rows, cols).astype(np.int64) * 255 * 255
    np.testing.assert_array_equal(conv2d(x, k, dtype=np.int64), exact)
    np.testing.assert_array_equal(conv2d(x, k), (exact % 256).astype(np.uint8))
    assert dft_forced == [True, True]


@needs_cv2
def test_filter2d_dft_refused_where_the_bound_fails(dft_forced, rng):
    """int16 extremes with a 16-bit 8 x 8 kernel: the bound exceeds 1/2, so another exact
    engine runs (and the result is still scipy's)."""
    x = make(rng, (40, 40), "int16")
    k = make(rng, (8, 8), "int16")
    x[0, 0], k[0, 0] = -(2**15), -(2**15)
    np.testing.assert_array_equal(conv2d(x, k, "same"), scipy_conv(x, k, "same"))
    assert dft_forced == [False]


def test_the_dft_bound_admits_uint8_and_refuses_16_bit_kernels():
    sizes = (360, 360)  # filter2D's blocks for a 63 x 63 kernel
    assert _exact.dft_blocks_proven(sizes, 255, 63 * 63, 255)
    assert not _exact.dft_blocks_proven(sizes, 2**15, 63 * 63, 2**15)
    # the twiddle recurrence term matters: without it (mu = eps) 2**13 kernels would pass
    assert not _exact.dft_blocks_proven(sizes, 2**15, 63 * 63, 2**7)


@needs_cv2
def test_a_large_uint8_call_takes_filter2d_dft_on_its_own(rng, monkeypatch):
    ran = []
    real = _core._int_cv2_dft
    monkeypatch.setattr(_core, "_int_cv2_dft", lambda *a: ran.append(1) or real(*a))
    x = make(rng, (2048, 2048), "uint8")
    k = make(rng, (63, 63), "uint8")
    set_accelerator(True)
    try:
        got = conv2d(x, k, "same")
    finally:
        set_accelerator(None)
    assert ran  # the cost model chose it (no patching of prices)
    set_accelerator(False)
    try:
        np.testing.assert_array_equal(got, conv2d(x, k, "same"))
    finally:
        set_accelerator(None)
