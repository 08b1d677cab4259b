"""identify's answers: the seed question, functions that are not 2-D filters, the result
object, argument errors, integer and float32 probes, and hypothesis over shapes."""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.signal as ss
from convflip import Identification, dihedral, identify
from helpers_identify import einsum_windows, expected_offset
from hypothesis import given
from hypothesis import strategies as st
from test_identify import KINDS, evaluate, random_inputs


def test_seed_question_in_one_call():
    # the Stack Overflow question: convolve2d(X, K, 'valid')[0, 0] != (X[:3, :3] * K).sum()
    ident = identify(lambda X, K: ss.convolve2d(X, K, "valid"))
    assert ident.transform == "rot180" and ident.mode == "valid"
    assert ident.equivalent == "conv2d(x, k, 'valid')"
    assert str(ident) == (
        "fn(x, k) computes conv2d(x, k, 'valid'), a true convolution: the kernel is rotated "
        "180° compared with xcorr2d"
    )

    def hand_window(X, K):
        rows, cols = X.shape[0] - K.shape[0] + 1, X.shape[1] - K.shape[1] + 1
        return np.array(
            [[(X[i : i + 3, j : j + 3] * K).sum() for j in range(cols)] for i in range(rows)]
        )

    window = identify(hand_window)
    assert window.equivalent == "xcorr2d(x, k, 'valid')"
    assert window.calls == 3


def test_names_the_function_and_counts_calls():
    def my_conv(x, k):
        return ss.convolve2d(x, k, "same", boundary="wrap")

    ident = identify(my_conv)
    assert str(ident).startswith("my_conv(x, k) computes conv2d(x, k, 'same', boundary='wrap')")
    assert ident.calls == 3
    symmetric = identify(lambda x, k: ss.convolve2d(x, k, "same", boundary="symm"))
    assert symmetric.calls == 4  # a 5 x 5 kernel tells symmetric from nearest
    assert symmetric.boundaries == ("symmetric",)


def test_to_dict_is_plain_and_json_ready():
    ident = identify(lambda x, k: ss.correlate2d(x, k, "same"), kernel_shape=(4, 4))
    data = ident.to_dict()
    assert data["transform"] == "identity" and data["anchor"] == (1, 1)
    assert "model" not in data and "exception" not in data
    json.dumps(data)
    assert isinstance(ident, Identification)
    with pytest.raises(AttributeError):
        ident.mode = "full"  # frozen


def test_even_ndimage_style_same_is_conv2d_of_the_rotated_kernel():
    import scipy.ndimage as nd

    ident = identify(lambda x, k: nd.correlate(x, k, mode="constant"), kernel_shape=(4, 2))
    assert ident.anchor == (2, 1)
    assert ident.equivalent == "conv2d(x, k[::-1, ::-1], 'same')"
    assert "as scipy.ndimage and cv2" in str(ident)


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda x, k: ss.correlate2d(x**2, k, "valid"), "not linear in the image"),
        (lambda x, k: np.maximum(ss.correlate2d(x, k, "valid"), 0), "not linear in the image"),
        (lambda x, k: ss.correlate2d(x, k, "valid") + 1.0, "not linear in the image"),
        (lambda x, k: ss.correlate2d(x, k**2, "valid"), "not linear in the kernel"),
        (
            lambda x, k: ss.correlate2d(x, k, "valid") * np.arange(7)[:, None],
            "not shift-invariant",
        ),
        (lambda x, k: ss.correlate2d(x, k if x.shape == (9, 9) else k.T), "shape-dependent"),
        (lambda x, k: ss.correlate2d(x[:9, :9], k, "same"), "shape-dependent"),
    ],
)
def test_not_a_2d_filter(fn, words):
    ident = identify(fn)
    assert not ident.is_filter
    assert words in ident.reason
    assert str(ident).startswith("fn(x, k) is not a 2-D filter: ")
    assert ident.transform is None and ident.equivalent is None
    assert ident.calls <= 6


def test_linear_shift_invariant_but_not_of_this_form():
    ident = identify(lambda x, k: ss.correlate2d(x, k / 2, "valid"))
    assert ident.is_filter and ident.transform is None
    assert "0.5 times the kernel as written" in str(ident)

    def two_taps_swapped(x, k):
        return ss.correlate2d(x, k.ravel()[[1, 0, *range(2, k.size)]].reshape(k.shape))

    shuffled = identify(two_taps_swapped)
    assert shuffled.is_filter and shuffled.transform is None
    assert shuffled.reason == "its taps are not a rotation or reflection of the kernel"


def test_an_exception_is_reported_not_swallowed():
    def broken(x, k):
        raise RuntimeError("weights not initialised")

    ident = identify(broken)
    assert not ident.is_filter and ident.calls == 1
    assert ident.error == "RuntimeError: weights not initialised"
    assert isinstance(ident.exception, RuntimeError)
    assert "raised RuntimeError: weights not initialised on a (9, 9) image" in str(ident)


@pytest.mark.parametrize("returned", [None, "text", np.zeros(5)])
def test_not_an_array_answer(returned):
    ident = identify(lambda x, k: returned)
    assert not ident.is_filter and "not a 2-D numeric array" in ident.reason


def test_leading_singleton_axes_are_dropped():
    ident = identify(lambda x, k: ss.correlate2d(x, k, "valid")[None, None])
    assert ident.equivalent == "xcorr2d(x, k, 'valid')"


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"image_shape": (6, 9)}, ValueError, "image_shape must be at least 7"),
        ({"image_shape": (9,)}, ValueError, "image_shape must be two positive integers"),
        ({"kernel_shape": (0, 3)}, ValueError, "kernel_shape must be two positive integers"),
        ({"dtype": np.int64, "complex": True}, TypeError, "complex=True needs a float"),
        ({"dtype": bool}, TypeError, "dtype must be a numeric"),
    ],
)
def test_argument_errors_name_the_argument(kwargs, error, words):
    with pytest.raises(error, match=words):
        identify(lambda x, k: x, **kwargs)


def test_integer_and_float32_probes():
    ident = identify(lambda x, k: ss.convolve2d(x, k, "full"), dtype=np.int64)
    assert ident.equivalent == "conv2d(x, k, 'full')"
    cv2 = pytest.importorskip("cv2")
    narrow = identify(lambda x, k: cv2.filter2D(x, -1, k), dtype=np.float32)
    assert narrow.transform == "identity" and narrow.boundary == "reflect"


def test_one_pixel_kernel_lists_every_equal_transform():
    ident = identify(lambda x, k: ss.convolve2d(x, k, "same"), kernel_shape=(1, 3))
    assert ident.transform in ("rot180", "fliplr")
    assert {ident.transform, *ident.aliases} == {"rot180", "fliplr"}
    x, k = random_inputs((9, 9), (1, 3), False)
    np.testing.assert_allclose(evaluate(ident.equivalent, x, k), ss.convolve2d(x, k, "same"))


@given(
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    extra=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    t=st.sampled_from(dihedral.NAMES),
    mode=st.sampled_from(["full", "valid", "same"]),
    boundary=st.sampled_from(["zero", "wrap", "symmetric", "reflect", "nearest"]),
    kind=st.sampled_from(list(KINDS)),
)
def test_any_shape(kh, kw, extra, t, mode, boundary, kind):
    complex_, conj = KINDS[kind]
    boundary = "zero" if mode == "valid" else boundary
    need = 2 * max(kh, kw) + 1
    shape = (need + extra[0], need + extra[1])
    fn = einsum_windows(t, mode, boundary, conj)
    ident = identify(fn, shape, (kh, kw), complex=complex_)
    assert ident.is_filter, ident
    assert t == ident.transform or t in ident.aliases
    assert ident.offset == expected_offset(einsum_windows, t, mode, (kh, kw))
    if ident.mode != "valid" and ident.boundary is not None:
        assert boundary in ident.boundaries
    assert ident.conjugated == (conj if complex_ else None)
    x, k = random_inputs(shape, (kh, kw), complex_)
    if ident.equivalent is not None:
        np.testing.assert_allclose(evaluate(ident.equivalent, x, k), fn(x, k), atol=1e-10)
    np.testing.assert_allclose(ident.model.apply(x, k), fn(x, k), atol=1e-10)
