"""The FFT engine's separate passes (``_fft._forward_rows`` and the split inverse) against
scipy, forced on small shapes by lowering the size from which they run."""

from __future__ import annotations

import numpy as np
import pytest
from convflip import _fft, conv2d, set_accelerator, xcorr2d
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
