"""conv2d_vjp / xcorr2d_vjp against finite differences and the adjoint identities."""

from __future__ import annotations

import numpy as np
import pytest
from convflip import conv2d, conv2d_vjp, xcorr2d, xcorr2d_vjp

MODES = ["full", "same", "valid"]
KSHAPES = [(3, 3), (2, 4), (5, 1)]


def _loss(fn, x, k, g, mode, **kw):
    """Real loss L = Re <g, out>; its gradient is what the vjp must return."""
    return np.vdot(g, fn(x, k, mode, **kw)).real


def _numeric_grad(f, a, h=1e-6):
    """Central differences of a real scalar f: dL/dRe(a) + 1j dL/dIm(a)."""
    grad = np.zeros(a.shape, np.complex128 if a.dtype.kind == "c" else np.float64)
    for idx in np.ndindex(a.shape):
        steps = (1, 1j) if a.dtype.kind == "c" else (1,)
        for unit in steps:
            up, down = a.copy(), a.copy()
            up[idx] += h * unit
            down[idx] -= h * unit
            grad[idx] += unit * (f(up) - f(down)) / (2 * h)
    return grad


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kshape", KSHAPES)
@pytest.mark.parametrize("complex_", [False, True])
@pytest.mark.parametrize("which", ["conv", "xcorr", "xcorr_conj"])
def test_vjp_matches_finite_differences(rng, mode, kshape, complex_, which):
    def make(shape):
        a = rng.standard_normal(shape)
        return a + 1j * rng.standard_normal(shape) if complex_ else a

    x, k = make((6, 7)), make(kshape)
    if which == "conv":
        fn, vjp, kw = conv2d, conv2d_vjp, {}
    else:
        fn, vjp, kw = xcorr2d, xcorr2d_vjp, {"conj": which == "xcorr_conj"}
    g = make(fn(x, k, mode, **kw).shape)
    gx, gk = vjp(x, k, g, mode, **kw)
    assert gx.shape == x.shape and gk.shape == k.shape
    nx = _numeric_grad(lambda a: _loss(fn, a, k, g, mode, **kw), x)
    nk = _numeric_grad(lambda a: _loss(fn, x, a, g, mode, **kw), k)
    np.testing.assert_allclose(gx, nx, atol=1e-6)
    np.testing.assert_allclose(gk, nk, atol=1e-6)


def test_vjp_valid_kernel_larger_than_image(rng):
    x, k = rng.standard_normal((3, 4)), rng.standard_normal((5, 6))
    for fn, vjp in ((conv2d, conv2d_vjp), (xcorr2d, xcorr2d_vjp)):
        g = rng.standard_normal(fn(x, k, "valid").shape)
        gx, gk = vjp(x, k, g, "valid")
        nx = _numeric_grad(lambda a, fn=fn, g=g: _loss(fn, a, k, g, "valid"), x)
        nk = _numeric_grad(lambda a, fn=fn, g=g: _loss(fn, x, a, g, "valid"), k)
        np.testing.assert_allclose(gx, nx, atol=1e-6)
        np.testing.assert_allclose(gk, nk, atol=1e-6)


@pytest.mark.parametrize("mode", MODES)
def test_vjp_is_the_adjoint(rng, mode):
    """<J dx, g> == <dx, grad_x> and <J dk, g> == <dk, grad_k>, exactly for integers."""
    x, k = rng.integers(-9, 9, (8, 7)), rng.integers(-9, 9, (3, 4))
    for fn, vjp in ((conv2d, conv2d_vjp), (xcorr2d, xcorr2d_vjp)):
        g = rng.integers(-9, 9, fn(x, k, mode).shape)
        gx, gk = vjp(x, k, g, mode)
        dx, dk = rng.integers(-9, 9, x.shape), rng.integers(-9, 9, k.shape)
        assert np.vdot(fn(dx, k, mode), g) == np.vdot(dx, gx)
        assert np.vdot(fn(x, dk, mode), g) == np.vdot(dk, gk)


def test_convnet_layer_formulas(rng):
    """semantics F7: the framework conv (xcorr2d 'valid') backward pass."""
    x, k = rng.standard_normal((9, 8)), rng.standard_normal((3, 2))
    g = rng.standard_normal(xcorr2d(x, k, "valid").shape)
    gx, gk = xcorr2d_vjp(x, k, g, "valid")
    np.testing.assert_allclose(gx, conv2d(g, k, "full"), atol=1e-12)
    np.testing.assert_allclose(gk, xcorr2d(x, g, "valid"), atol=1e-12)
    gx, gk = conv2d_vjp(x, k, g, "valid")
    np.testing.assert_allclose(gx, xcorr2d(g, k, "full"), atol=1e-12)
    np.testing.assert_allclose(gk, xcorr2d(x, g, "valid")[::-1, ::-1], atol=1e-12)


def test_vjp_sums_broadcast_dimensions(rng):
    x = rng.standard_normal((4, 6, 7))  # a batch of images
    k = rng.standard_normal((1, 3, 3))  # one kernel, broadcast
    g = rng.standard_normal(conv2d(x, k, "same").shape)
    gx, gk = conv2d_vjp(x, k, g, "same")
    assert gx.shape == x.shape and gk.shape == k.shape
    want_k = sum(conv2d_vjp(x[i], k[0], g[i], "same")[1] for i in range(4))
    np.testing.assert_allclose(gk[0], want_k, atol=1e-12)
    gx2, gk2 = conv2d_vjp(x, k[0], g, "same")
    assert gk2.shape == (3, 3)
    np.testing.assert_allclose(gk2, want_k, atol=1e-12)
    np.testing.assert_allclose(gx2, gx, atol=1e-12)


def test_vjp_rejects_wrong_grad_shape(rng):
    x, k = rng.standard_normal((6, 7)), rng.standard_normal((3, 3))
    with pytest.raises(ValueError, match="grad_out"):
        conv2d_vjp(x, k, np.ones((6, 7)), "full")
    with pytest.raises(ValueError, match="mode"):
        xcorr2d_vjp(x, k, np.ones((6, 7)), "sam")
    with pytest.raises(TypeError, match="conj"):
        xcorr2d_vjp(x, k, np.ones((6, 7)), "same", conj="yes")
