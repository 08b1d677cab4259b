"""The classes an instance's members may come from: what it inherits, and for a mixin
the classes that mix it in (the model's reading of ``self.w`` and ``self.backward``)."""

from __future__ import annotations

import libcst as cst

from flake8_convflip.analysis.collect import collect

SOURCE = """\
import torch
class Grads:
    pass
class Weights(torch.nn.Module):
    pass
class Layer(Grads, Weights):
    pass
class Deeper(Layer):
    pass
class Alone:
    pass
"""


def _classes():
    facts = collect(cst.parse_module(SOURCE), SOURCE)
    return facts, {s.name: s for s in facts.scopes if s.kind == "class"}


def test_lineage_is_left_to_right_depth_first_within_the_file() -> None:
    facts, by_name = _classes()
    assert [c.name for c in facts.lineage(by_name["Deeper"])] == [
        "Deeper",
        "Layer",
        "Grads",
        "Weights",
    ]
    assert [c.name for c in facts.lineage(by_name["Weights"])] == ["Weights"]  # torch's base


def test_heirs_are_every_class_that_inherits_and_the_class_itself() -> None:
    facts, by_name = _classes()
    assert [c.name for c in facts.heirs(by_name["Grads"])] == ["Grads", "Layer", "Deeper"]
    assert [c.name for c in facts.heirs(by_name["Alone"])] == ["Alone"]
