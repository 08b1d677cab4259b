"""check_conv_gradients: passes correct layers and names the mistake of broken ones."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal as ss
from convflip import conv2d, dihedral, xcorr2d, xcorr2d_vjp
from convflip.gradmistakes import CODES
from convflip.testing import GradientCheck, check_conv_gradients
from helpers_identify import einsum_windows
from hypothesis import given, settings
from hypothesis import strategies as st

corr, conv = ss.correlate2d, ss.convolve2d


# ---- single channel: forward(x, w) -> y, backward(x, w, dy) -> (dx, dw) ----
def corr_valid(x, w):
    return corr(x, w, "valid")


def conv_valid(x, w):
    return conv(x, w, "valid")


def corr_same(x, w):
    return corr(x, w, "same")


def conv_same_wrap(x, w):
    return conv(x, w, "same", boundary="wrap")


def _corr_dw(x, dy):
    return corr(x, dy, "valid")


SINGLE = {
    # name: (forward, backward, mistake codes for dx, dw; () when right)
    "xcorr right": (corr_valid, lambda x, w, dy: (conv(dy, w, "full"), _corr_dw(x, dy)), ()),
    "xcorr kernel not flipped": (
        corr_valid,
        lambda x, w, dy: (corr(dy, w, "full"), _corr_dw(x, dy)),
        ("kernel-not-flipped",),
    ),
    "xcorr transposed instead of rotated": (
        corr_valid,
        lambda x, w, dy: (corr(dy, w.T, "full"), _corr_dw(x, dy)),
        ("kernel-transposed",),
    ),
    "xcorr half flip": (
        corr_valid,
        lambda x, w, dy: (corr(dy, w[::-1], "full"), _corr_dw(x, dy)),
        ("kernel-half-flip",),
    ),
    "xcorr quarter turn": (
        corr_valid,
        lambda x, w, dy: (corr(dy, np.rot90(w), "full"), _corr_dw(x, dy)),
        ("kernel-quarter-turn",),
    ),
    "xcorr dw operands swapped": (
        corr_valid,
        lambda x, w, dy: (conv(dy, w, "full"), corr(dy, x, "valid")),
        ("dw-orientation",),
    ),
    "xcorr dw convolved": (
        corr_valid,
        lambda x, w, dy: (conv(dy, w, "full"), conv(x, dy, "valid")),
        ("dw-orientation",),
    ),
    "xcorr wrong mode": (
        corr_valid,
        lambda x, w, dy: (conv(dy, w, "same"), _corr_dw(x, dy)),
        ("wrong-mode",),
    ),
    "xcorr both wrong": (
        corr_valid,
        lambda x, w, dy: (corr(dy, w, "full"), _corr_dw(x, dy)[::-1, ::-1]),
        ("kernel-not-flipped", "dw-orientation"),
    ),
    "xcorr sign": (
        corr_valid,
        lambda x, w, dy: (-conv(dy, w, "full"), _corr_dw(x, dy)),
        ("scaled",),
    ),
    "conv right": (
        conv_valid,
        lambda x, w, dy: (corr(dy, w, "full"), _corr_dw(x, dy)[::-1, ::-1]),
        (),
    ),
    "conv flipped twice": (
        conv_valid,
        lambda x, w, dy: (
            conv(dy, w[::-1, ::-1][::-1, ::-1], "full"),
            _corr_dw(x, dy)[::-1, ::-1],
        ),
        ("kernel-flipped-twice",),
    ),
    "conv dw not flipped": (
        conv_valid,
        lambda x, w, dy: (corr(dy, w, "full"), _corr_dw(x, dy)),
        ("dw-orientation",),
    ),
    "same right": (
        corr_same,
        lambda x, w, dy: (conv(dy, w, "same"), corr(np.pad(x, 1), dy, "valid")),
        (),
    ),
    "same padding shifted": (
        corr_same,
        lambda x, w, dy: (
            conv(np.pad(dy, ((1, 0), (1, 0))), w, "same")[:-1, :-1],
            corr(np.pad(x, 1), dy, "valid"),
        ),
        ("wrong-mode",),
    ),
    "wrap right": (
        conv_same_wrap,
        lambda x, w, dy: (
            corr(dy, w, "same", boundary="wrap"),
            corr(np.pad(x, 1, "wrap"), dy, "valid")[::-1, ::-1],
        ),
        (),
    ),
    "wrap boundary ignored": (
        conv_same_wrap,
        lambda x, w, dy: (
            corr(dy, w, "same"),
            corr(np.pad(x, 1, "wrap"), dy, "valid")[::-1, ::-1],
        ),
        ("wrong-mode",),
    ),
}


@pytest.mark.parametrize("name", SINGLE)
def test_single_channel_layers(name):
    forward, backward, codes = SINGLE[name]
    result = check_conv_gradients(forward, backward)
    assert isinstance(result, GradientCheck)
    assert [m.code for m in result.mistakes] == list(codes), str(result)
    assert bool(result) == (not codes)
    assert result.reference == "xcorr2d_vjp"
    assert all(code in CODES for code in codes)
    if not codes:
        assert result.dx_error < 1e-10 and result.dw_error < 1e-10
        assert str(result).startswith("backward is right for ")


# ---- multi-channel: x (C, H, W), w (F, C, kh, kw), y (F, H', W') ----
def mc_forward(x, w):
    return xcorr2d(x[None], w, "valid").sum(axis=1)


def mc_dx(dy, w):
    return conv2d(dy[:, None], w, "full").sum(axis=0)


def mc_dw(x, dy):
    return xcorr2d(x[None], dy[:, None], "valid")


def mc_loop_forward(x, w):
    return np.stack(
        [sum(corr(x[c], w[f, c], "valid") for c in range(w.shape[1])) for f in range(w.shape[0])]
    )


MULTI = {
    "right": (mc_forward, lambda x, w, dy: (mc_dx(dy, w), mc_dw(x, dy)), ()),
    "right, loops": (
        mc_loop_forward,
        lambda x, w, dy: (mc_dx(dy, w), mc_dw(x, dy)),
        (),
    ),
    "not flipped": (
        mc_forward,
        lambda x, w, dy: (xcorr2d(dy[:, None], w, "full").sum(axis=0), mc_dw(x, dy)),
        ("kernel-not-flipped",),
    ),
    "rot90 over the filter/channel axes": (
        mc_forward,
        lambda x, w, dy: (xcorr2d(dy[:, None], np.rot90(w, 2), "full").sum(axis=0), mc_dw(x, dy)),
        ("wrong-axes",),
    ),
    "flipped over the filter/channel axes": (
        mc_forward,
        lambda x, w, dy: (mc_dx(dy, w[::-1, ::-1][..., ::-1, ::-1]), mc_dw(x, dy)),
        ("wrong-axes",),
    ),
    "transposed": (
        mc_forward,
        lambda x, w, dy: (mc_dx(dy, np.swapaxes(w, -1, -2)), mc_dw(x, dy)),
        ("kernel-transposed",),
    ),
    "dw flipped": (
        mc_forward,
        lambda x, w, dy: (mc_dx(dy, w), mc_dw(x, dy)[..., ::-1, ::-1]),
        ("dw-orientation",),
    ),
    "dw shape": (
        mc_forward,
        lambda x, w, dy: (mc_dx(dy, w), mc_dw(x, dy).sum(axis=1)),
        ("wrong-mode",),
    ),
}


@pytest.mark.parametrize("name", MULTI)
def test_multi_channel_layers(name):
    forward, backward, codes = MULTI[name]
    result = check_conv_gradients(forward, backward, (2, 7, 7), (3, 2, 3, 3))
    assert result.layout == "multi"
    assert [m.code for m in result.mistakes] == list(codes), str(result)


def test_batched_layout():
    def forward(x, w):
        return xcorr2d(x[:, None], w, "same").sum(axis=2)

    def backward(x, w, dy):
        g = np.broadcast_to(dy[:, :, None], (x.shape[0], *w.shape[:2], *dy.shape[-2:]))
        dx, dw = xcorr2d_vjp(x[:, None], w, g, "same")
        return dx[:, 0], dw

    result = check_conv_gradients(forward, backward, (2, 3, 7, 7), (4, 3, 2, 2))
    assert result.layout == "batched" and result.ok, str(result)


def test_strict_raises_with_the_message():
    forward, backward, _ = SINGLE["xcorr kernel not flipped"]
    with pytest.raises(AssertionError, match="dx: the kernel is not flipped"):
        check_conv_gradients(forward, backward, strict=True)
    check_conv_gradients(*SINGLE["xcorr right"][:2], strict=True)


def test_a_forward_that_is_not_a_filter_falls_back_to_finite_differences():
    def forward(x, w):
        return np.tanh(corr(x, w, "valid"))

    def backward(x, w, dy):
        g = dy * (1 - forward(x, w) ** 2)
        return conv(g, w, "full"), corr(x, g, "valid")

    def wrong(x, w, dy):
        g = dy * (1 - forward(x, w) ** 2)
        return corr(g, w, "full"), corr(x, g, "valid")

    good = check_conv_gradients(forward, backward)
    assert good.ok and good.reference == "finite differences"
    bad = check_conv_gradients(forward, wrong)
    assert not bad.ok and [m.grad for m in bad.mistakes] == ["dx"]
    assert "not linear in the image" in bad.note


def test_result_dict_and_errors():
    result = check_conv_gradients(*SINGLE["xcorr kernel not flipped"][:2])
    data = result.to_dict()
    assert data["mistakes"][0]["code"] == "kernel-not-flipped"
    assert data["forward"]["equivalent"] == "xcorr2d(x, k, 'valid')"
    with pytest.raises(TypeError, match=r"backward must return \(dx, dw\)"):
        check_conv_gradients(corr_valid, lambda x, w, dy: conv(dy, w))
    with pytest.raises(ValueError, match="image_shape/kernel_shape must be"):
        check_conv_gradients(corr_valid, lambda x, w, dy: (x, w), (9, 9), (2, 3, 3))


def dense_backward(forward):
    """An independent oracle: the gradients of sum(forward(x, w) * dy) one basis vector at a
    time (forward is linear in each operand)."""

    def backward(x, w, dy):
        def grad(shape, call):
            basis = np.eye(int(np.prod(shape))).reshape(-1, *shape)
            return np.array([(call(e) * dy).sum() for e in basis]).reshape(shape)

        return grad(x.shape, lambda e: forward(e, w)), grad(w.shape, lambda e: forward(x, e))

    return backward


@settings(max_examples=25)
@given(
    kh=st.integers(1, 3),
    kw=st.integers(1, 3),
    extra=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    t=st.sampled_from(dihedral.NAMES),
    mode=st.sampled_from(["full", "valid", "same"]),
    boundary=st.sampled_from(["zero", "wrap", "symmetric", "reflect", "nearest"]),
)
def test_any_filter_against_a_dense_oracle(kh, kw, extra, t, mode, boundary):
    boundary = "zero" if mode == "valid" else boundary
    shape = (2 * max(kh, kw) + 1 + extra[0], 2 * max(kh, kw) + 1 + extra[1])
    forward = einsum_windows(t, mode, boundary, False)
    right = check_conv_gradients(forward, dense_backward(forward), shape, (kh, kw))
    assert right.ok and right.reference == "xcorr2d_vjp", str(right)
    if kh * kw == 1:
        return
    rotated = einsum_windows(dihedral.compose("rot180", t), mode, boundary, False)

    def not_flipped(x, w, dy):
        return dense_backward(rotated)(x, w, dy)[0], dense_backward(forward)(x, w, dy)[1]

    wrong = check_conv_gradients(forward, not_flipped, shape, (kh, kw))
    code = "kernel-flipped-twice" if right.forward.transform == "rot180" else "kernel-not-flipped"
    assert [(m.grad, m.code) for m in wrong.mistakes] == [("dx", code)], str(wrong)
