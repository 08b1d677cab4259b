"""The literal mode of framework calls: padding read where each framework takes it."""

from __future__ import annotations


def test_framework_padding_is_read_where_each_framework_takes_it() -> None:
    import libcst as cst

    from flake8_convflip.analysis.collect import collect

    source = """\
import tensorflow as tf
import torch.nn.functional as F
a = tf.nn.conv2d(x, w, 1, "SAME")
b = tf.nn.conv2d(x, w, strides=1, padding="VALID")
c = F.conv2d(x, w, None, 1, "same")
d = F.conv2d(x, w, None, 1, 1)
e = F.conv2d(x, w)
"""
    modes = [call.mode for call in collect(cst.parse_module(source)).api_calls()]
    assert modes == ["same", "valid", "same", None, "valid"]
