"""convflip.testing.assert_xcorr2d / assert_conv2d: pass on the right operation, fail with
a message that says what the function computes instead."""

from __future__ import annotations

import re

import numpy as np
import pytest
import scipy.ndimage as nd
import scipy.signal as ss
from convflip import testing
from convflip.testing import assert_conv2d, assert_xcorr2d


def my_conv(x, k):
    return ss.convolve2d(x, k, "valid")


def test_the_issue_message():
    with pytest.raises(AssertionError) as caught:
        assert_xcorr2d(my_conv, "valid")
    assert str(caught.value) == (
        "my_conv(x, k) computes conv2d(x, k, 'valid'): the kernel is rotated 180° compared "
        "with xcorr2d; call convflip.xcorr2d or flip the kernel"
    )


def test_passing_returns_the_identification():
    ident = assert_conv2d(my_conv, "valid")
    assert ident.equivalent == "conv2d(x, k, 'valid')"
    assert assert_xcorr2d(lambda x, k: ss.correlate2d(x, k, "same"), "same").mode == "same"
    assert_conv2d(lambda x, k: ss.convolve2d(x, k, "same", "wrap"), "same", "wrap")
    assert_xcorr2d(lambda x, k: nd.correlate(x, k, mode="reflect"), "same", "symm")
    assert_xcorr2d(lambda x, k: nd.correlate(x, k, mode="mirror"), "same", "reflect")
    assert_xcorr2d(lambda x, k: ss.correlate2d(x, k, "full"), complex=True, conj=True)
    assert_conv2d(lambda x, k: ss.convolve2d(x, k), kernel_shape=(2, 4), complex=True)


@pytest.mark.parametrize(
    ("check", "fn", "kwargs", "message"),
    [
        (
            assert_conv2d,
            lambda x, k: ss.correlate2d(x, k, "valid"),
            {"mode": "valid"},
            "fn(x, k) computes xcorr2d(x, k, 'valid'): the kernel is rotated 180° compared "
            "with conv2d; call convflip.conv2d or flip the kernel",
        ),
        (
            assert_xcorr2d,
            lambda x, k: ss.correlate2d(x, k[::-1], "valid"),
            {"mode": "valid"},
            "fn(x, k) computes xcorr2d(x, k[::-1, :], 'valid'): the kernel is flipped upside "
            "down (rows reversed only) compared with xcorr2d; reverse both kernel axes",
        ),
        (
            assert_conv2d,
            lambda x, k: ss.correlate2d(x, k.T, "valid"),
            {"mode": "valid"},
            "fn(x, k) computes xcorr2d(x, k.T, 'valid'): the kernel is mirrored over the "
            "anti-diagonal compared with conv2d; a transpose is not a flip",
        ),
        (
            assert_conv2d,
            lambda x, k: ss.correlate2d(x, np.rot90(k), "valid"),
            {"mode": "valid"},
            "the kernel is turned 90° clockwise compared with conv2d; one quarter turn is not",
        ),
        (
            assert_xcorr2d,
            lambda x, k: ss.correlate2d(x, k, "same"),
            {"mode": "valid"},
            "fn(x, k) computes xcorr2d(x, k, 'same'): its output is 'same' (9, 9), not 'valid'",
        ),
        (
            assert_xcorr2d,
            lambda x, k: nd.correlate(x, k, mode="constant"),
            {"mode": "same", "kernel_shape": (4, 4)},
            "its 'same' output is anchored at kernel element (2, 2), as scipy.ndimage and cv2; "
            "xcorr2d anchors kernel element (1, 1); shift by one sample",
        ),
        (
            assert_xcorr2d,
            lambda x, k: nd.correlate(x, k),
            {"mode": "same"},
            "it uses the symmetric boundary rule, not zero; pass boundary='symm'",
        ),
        (
            assert_xcorr2d,
            lambda x, k: ss.correlate2d(x, k, "same"),
            {"mode": "same", "complex": True},
            "it conjugates the kernel, xcorr2d with conj=False does not; pass conj=True",
        ),
        (
            assert_xcorr2d,
            lambda x, k: np.abs(ss.correlate2d(x, k, "same")),
            {"mode": "same"},
            "fn(x, k) is not a 2-D filter: it is not linear in the image",
        ),
    ],
)
def test_failure_messages(check, fn, kwargs, message):
    with pytest.raises(AssertionError, match=re.escape(message)):
        check(fn, **kwargs)


def test_valid_mode_does_not_care_about_the_boundary():
    assert_xcorr2d(lambda x, k: ss.correlate2d(x, k, "valid"), "valid", "wrap")


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="mode must be 'full', 'valid' or 'same', got 'vaild'"):
        assert_xcorr2d(my_conv, "vaild")
    with pytest.raises(ValueError, match="boundary must be one of"):
        assert_conv2d(my_conv, "valid", "mirror")


def test_the_module_exports():
    assert set(testing.__all__) >= {"assert_xcorr2d", "assert_conv2d", "check_conv_gradients"}
