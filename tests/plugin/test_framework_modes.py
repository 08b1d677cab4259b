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


def test_permute_transposes_a_torch_weight_in_a_backward_pass() -> None:
    """``permute`` reorders axes: the gate must see it as a flip, the rule as a transpose."""
    import ast

    from flake8_convflip import gate
    from flake8_convflip.codes import ALL_CODES
    from flake8_convflip.engine import lint_source

    source = """\
import torch.nn.functional as F
def backward(grad, weight):
    return F.conv2d(grad, weight.permute(0, 1, 3, 2).contiguous())
"""
    assert "CNV302" in gate.gated_codes(ast.parse(source), source, ALL_CODES)
    assert [(f.line, f.code) for f in lint_source(source, ALL_CODES)] == [(3, "CNV302")]
