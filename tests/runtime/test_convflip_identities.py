"""The identities of semantics.md section 6 (F1-F15), on convflip itself."""

from __future__ import annotations

import numpy as np
import pytest
from convflip import conv2d, xcorr2d
from hypothesis import given, settings
from hypothesis import strategies as st

MODES = ["full", "same", "valid"]


def flip(a):
    return a[..., ::-1, ::-1]


def ints(rng, shape):
    return rng.integers(-50, 50, size=shape)


def cplx(rng, shape):
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


sizes = st.tuples(st.integers(1, 8), st.integers(1, 8))


@settings(max_examples=60)
@given(sizes, sizes, st.integers(0, 2**31))
def test_flip_relation_full_and_valid(xs, ks, seed):
    rng = np.random.default_rng(seed)
    x, k = ints(rng, xs), ints(rng, ks)
    np.testing.assert_array_equal(xcorr2d(x, k, "full"), conv2d(x, flip(k), "full"))
    if all(m <= n for n, m in zip(xs, ks, strict=True)):
        np.testing.assert_array_equal(xcorr2d(x, k, "valid"), conv2d(x, flip(k), "valid"))


@pytest.mark.parametrize("kshape", [(3, 5), (1, 7), (5, 1), (2, 3), (3, 4), (4, 4)])
def test_flip_relation_in_same_only_for_odd_kernels(rng, kshape):
    x, k = ints(rng, (9, 10)), ints(rng, kshape)
    same_x, same_c = xcorr2d(x, k, "same"), conv2d(x, flip(k), "same")
    if kshape[0] % 2 and kshape[1] % 2:
        np.testing.assert_array_equal(same_x, same_c)
    else:
        assert not np.array_equal(same_x, same_c)
        # the exact rule: xcorr2d 'same' is the full result from kh//2 (semantics A8)
        full = conv2d(x, flip(k), "full")
        np.testing.assert_array_equal(same_x, full[kshape[0] // 2 :, kshape[1] // 2 :][:9, :10])


def test_full_convolution_commutes_and_valid_swaps(rng):
    x, k = ints(rng, (6, 9)), ints(rng, (4, 3))
    np.testing.assert_array_equal(conv2d(x, k), conv2d(k, x))
    np.testing.assert_array_equal(conv2d(x, k, "valid"), conv2d(k, x, "valid"))
    c = xcorr2d(x, k)
    np.testing.assert_array_equal(xcorr2d(k, x), flip(c))
    assert not np.array_equal(xcorr2d(k, x), c)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kshape", [(3, 3), (2, 4), (4, 1), (6, 5), (12, 11)])
@pytest.mark.parametrize("kind", ["real", "complex"])
def test_adjointness_every_mode(rng, mode, kshape, kind):
    make = cplx if kind == "complex" else (lambda r, s: r.standard_normal(s))
    x, k = make(rng, (9, 8)), make(rng, kshape)
    if mode == "valid" and not all(m <= n for n, m in zip((9, 8), kshape, strict=True)):
        x = make(rng, (13, 12))
    y = make(rng, conv2d(x, k, mode).shape)
    lhs = np.vdot(conv2d(x, k, mode), y)
    adjoint = {"full": "valid", "valid": "full", "same": "same"}[mode]
    if mode == "full":
        rhs = np.vdot(x, xcorr2d(y, k, "valid", conj=True))
    elif mode == "valid":
        rhs = np.vdot(x, xcorr2d(y, k, "full", conj=True))
    else:
        rhs = np.vdot(x, xcorr2d(y, k, adjoint, conj=True))
    assert abs(lhs - rhs) < 1e-9 * (1 + abs(lhs))
    # and the other way round: xcorr2d's adjoint is conv2d with the conjugated kernel
    y2 = make(rng, xcorr2d(x, k, mode).shape)
    lhs = np.vdot(xcorr2d(x, k, mode), y2)
    if mode == "same":
        rhs = np.vdot(x, conv2d(y2, np.conj(k), "same"))
        assert abs(lhs - rhs) < 1e-9 * (1 + abs(lhs))


@pytest.mark.parametrize("mode", MODES)
def test_linearity_in_both_operands(rng, mode):
    x1, x2, k1, k2 = ints(rng, (7, 8)), ints(rng, (7, 8)), ints(rng, (3, 2)), ints(rng, (3, 2))
    for f in (conv2d, xcorr2d):
        np.testing.assert_array_equal(
            f(3 * x1 - 2 * x2, k1, mode), 3 * f(x1, k1, mode) - 2 * f(x2, k1, mode)
        )
        np.testing.assert_array_equal(
            f(x1, 5 * k1 + k2, mode), 5 * f(x1, k1, mode) + f(x1, k2, mode)
        )


def test_shift_equivariance(rng):
    x, k = ints(rng, (8, 9)), ints(rng, (3, 4))
    for f in (conv2d, xcorr2d):
        shifted = f(np.pad(x, ((2, 0), (1, 0))), k, "full")
        np.testing.assert_array_equal(shifted, np.pad(f(x, k, "full"), ((2, 0), (1, 0))))
        np.testing.assert_array_equal(f(x, k, "valid")[2:, 1:], f(x[2:, 1:], k, "valid"))
        for s in ((1, 0), (0, 3), (2, 5)):
            rolled = f(np.roll(x, s, axis=(0, 1)), k, "same", "wrap")
            np.testing.assert_array_equal(rolled, np.roll(f(x, k, "same", "wrap"), s, (0, 1)))


@pytest.mark.parametrize("kshape", [(1, 1), (3, 3), (2, 5), (4, 4), (1, 6)])
def test_delta_kernels(rng, kshape):
    x = ints(rng, (7, 8))
    kh, kw = kshape
    centre = np.zeros(kshape, np.int64)
    centre[(kh - 1) // 2, (kw - 1) // 2] = 1
    np.testing.assert_array_equal(conv2d(x, centre, "same"), x)
    np.testing.assert_array_equal(xcorr2d(x, centre, "same"), x)
    a, b = kh - 1, 0
    d = np.zeros(kshape, np.int64)
    d[a, b] = 1
    np.testing.assert_array_equal(conv2d(x, d), np.pad(x, ((a, kh - 1 - a), (b, kw - 1 - b))))
    np.testing.assert_array_equal(xcorr2d(x, d), np.pad(x, ((kh - 1 - a, a), (kw - 1 - b, b))))


def test_associativity(rng):
    x, a, b = ints(rng, (12, 11)), ints(rng, (3, 2)), ints(rng, (2, 4))
    ab = conv2d(a, b, "full")
    np.testing.assert_array_equal(conv2d(conv2d(x, a), b), conv2d(x, ab))
    np.testing.assert_array_equal(
        conv2d(conv2d(x, a, "valid"), b, "valid"), conv2d(x, ab, "valid")
    )
    xc, ac, bc = cplx(rng, (12, 11)), cplx(rng, (3, 2)), cplx(rng, (2, 4))
    for mode in ("full", "valid"):
        left = xcorr2d(xcorr2d(xc, ac, mode), bc, mode)
        np.testing.assert_allclose(left, xcorr2d(xc, conv2d(ac, bc), mode), atol=1e-10)


def test_sum_rule_transpose_and_convolution_theorem(rng):
    x, k = ints(rng, (9, 7)), ints(rng, (4, 3))
    assert conv2d(x, k).sum() == x.sum() * k.sum()
    assert xcorr2d(x, k).sum() == x.sum() * k.sum()
    for f in (conv2d, xcorr2d):
        for mode in MODES:
            np.testing.assert_array_equal(f(x.T, k.T, mode).T, f(x, k, mode))
        np.testing.assert_array_equal(flip(f(x, k)), f(flip(x), flip(k)))
    s = (12, 9)
    spectral = np.fft.irfft2(np.fft.rfft2(x, s) * np.fft.rfft2(k, s), s)
    np.testing.assert_allclose(conv2d(x.astype(float), k), spectral, atol=1e-9)


@pytest.mark.parametrize("mode", ["full", "valid"])
def test_separable_kernels(rng, mode):
    x, u, v = ints(rng, (10, 9)), ints(rng, 3), ints(rng, 4)
    left = conv2d(x, np.outer(u, v), mode)
    np.testing.assert_array_equal(left, conv2d(conv2d(x, u[:, None], mode), v[None, :], mode))
