"""Every summation engine on problems large enough to reach it, against scipy."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal as ss
from convflip import _fft, conv2d, xcorr2d
from helpers_convflip import assert_matches, make, scipy_conv, scipy_xcorr

SHAPES = [((97, 130), (3, 3)), ((97, 130), (8, 5)), ((140, 90), (31, 17)), ((40, 50), (45, 60))]


@pytest.mark.parametrize(("x_shape", "k_shape"), SHAPES)
@pytest.mark.parametrize("dtype", ["float64", "float32", "complex128", "int64", "uint8"])
@pytest.mark.parametrize("method", ["auto", "direct", "fft"])
def test_engines_match_scipy(accel, rng, x_shape, k_shape, dtype, method):
    x = make(rng, x_shape, dtype)
    k = make(rng, k_shape, dtype)
    if dtype == "int64":  # magnitudes a one- or two-limb FFT can prove exact
        x, k = x % 100_000, k % 5_000
    for mode in ("full", "same", "valid"):
        for boundary, fill in (("fill", 0), ("fill", 2), ("wrap", 0), ("symm", 0)):
            if mode == "valid" and boundary != "fill":
                continue
            got = conv2d(x, k, mode, boundary, fill, method=method)
            assert_matches(got, scipy_conv(x, k, mode, boundary, fill), x, k)
            got = xcorr2d(x, k, mode, boundary, fill, method=method)
            want = scipy_xcorr(x, k, mode, boundary, fill)
            if mode == "valid" and x_shape[0] == 40 and np.dtype(dtype).kind == "c":
                want = np.conj(want)  # semantics A12
            assert_matches(got, want, x, k)


def test_overlap_save_tiles_are_exercised(rng):
    # a large image with a small kernel and a non-zero boundary plans many tiles
    pads = ((4, 4), (4, 4))
    assert _fft.plan((1200, 1100), pads, (9, 9), 1, False, False).tiles() > 1
    x = make(rng, (1200, 1100), np.float64)
    k = make(rng, (9, 9), np.float64)
    for boundary, fill in (("symm", 0), ("fill", 1.5), ("wrap", 0)):
        got = conv2d(x, k, "same", boundary, fill, method="fft")
        want = conv2d(x, k, "same", boundary, fill, method="direct")
        np.testing.assert_allclose(got, want, atol=1e-11 * np.abs(want).max())
    small = conv2d(x[:200, :180], k, "same", "symm", method="fft")
    want = ss.convolve2d(x[:200, :180], k, "same", "symm")
    np.testing.assert_allclose(small, want, atol=1e-11 * np.abs(want).max())


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "uint8", "int16"])
def test_threaded_direct_matches_fft_and_scipy(rng, dtype):
    x = make(rng, (600, 520), dtype)
    k = make(rng, (5, 4), dtype)
    if dtype == "int64":
        x, k = x % 100, k % 20
    got = conv2d(x, k, "same", method="direct")
    want = scipy_conv(x, k, "same")
    assert_matches(got, want, x, k, want.dtype)
    assert_matches(conv2d(x, k, "same", method="fft"), want, x, k, want.dtype)


def test_accelerator_and_pure_paths_agree(rng):
    import convflip
    from convflip import _accel

    if _accel.cv2 is None:
        pytest.skip("opencv not installed")
    cases = [
        ((300, 280), (3, 3)),
        ((300, 280), (7, 6)),
        ((300, 280), (15, 15)),
        ((64, 64), (31, 9)),
    ]
    for x_shape, k_shape in cases:
        for dtype in ("float64", "float32", "uint8", "int16"):
            x, k = make(rng, x_shape, dtype), make(rng, k_shape, dtype)
            for mode in ("full", "same", "valid"):
                results = []
                for enabled in (True, False):
                    convflip.set_accelerator(enabled)
                    try:
                        results.append(xcorr2d(x, k, mode, "symm"))
                        results.append(conv2d(x, k, mode))
                    finally:
                        convflip.set_accelerator(None)
                for on, off in zip(results[:2], results[2:], strict=True):
                    assert on.dtype == off.dtype
                    assert_matches(on, off, x, k)


@pytest.mark.parametrize("dtype", ["float64", "int64", "complex128", "uint8"])
def test_window_contraction_for_tiny_outputs(accel, rng, dtype):
    """A kernel almost as large as the image leaves a few outputs and thousands of taps."""
    x = make(rng, (40, 37), dtype)
    k = make(rng, (37, 35), dtype)
    for method in ("auto", "direct"):
        got = conv2d(x, k, "valid", method=method)
        assert got.shape == (4, 3)
        assert_matches(got, scipy_conv(x, k, "valid"), x, k)
        got = xcorr2d(k, x, "valid", method=method)  # swapped roles
        want = scipy_xcorr(k, x, "valid")
        if np.dtype(dtype).kind == "c":
            want = np.conj(want)  # semantics A12
        assert_matches(got, want, x, k)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_threaded_direct_survives_fork(rng):
    """The thread pool is recreated in a forked child instead of hanging."""
    import multiprocessing as mp

    x, k = make(rng, (400, 400), np.float64), make(rng, (9, 9), np.float64)
    want = conv2d(x, k, "same", method="direct")  # creates the pool in the parent
    ctx = mp.get_context("fork")
    with ctx.Pool(1) as pool:
        got = pool.apply_async(conv2d, (x, k, "same"), {"method": "direct"}).get(timeout=60)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("method", ["direct", "fft"])
def test_worker_count_is_obeyed_and_never_changes_a_result(monkeypatch, method):
    # the runtime's own threads: row tiles of the shift-and-add or of the compiled engine
    # (its own POSIX threads, the count as its last argument), batched 1-D transforms;
    # set_workers(1) must start none, 2 must use them, and the bits must not move
    import convflip
    from convflip import _compiled, _direct, _fft

    used = []
    pool = _direct._get_pool
    monkeypatch.setattr(_direct, "_get_pool", lambda: used.append("pool") or pool())
    engine = _compiled._cdirect
    if engine is not None:

        class Spy:
            def __getattr__(self, name):
                return getattr(engine, name)

            def correlate(self, *args):
                if len(args) == 10 and args[9] > 1:
                    used.append("pool")
                return engine.correlate(*args)

        monkeypatch.setattr(_compiled, "_cdirect", Spy())
    threads = _fft._threads
    monkeypatch.setattr(_fft, "_threads", lambda *a: used.append(threads(*a)) or used[-1])
    rng = np.random.default_rng(12)
    x, k = make(rng, (2, 400, 380), np.float64), make(rng, (9, 9), np.float64)
    outs = {}
    try:
        convflip.set_accelerator(False)
        for count in (1, 2):
            convflip.set_workers(count)
            used.clear()
            outs[count] = conv2d(x, k, "same", method=method)
            if method == "direct":
                assert ("pool" in used) == (count > 1)
            else:
                assert used and max(used) == count
    finally:
        convflip.set_workers(None)
        convflip.set_accelerator(None)
    np.testing.assert_array_equal(outs[1], outs[2])
    assert_matches(outs[1][1], scipy_conv(x[1], k, "same"), x, k, np.float64)
