"""Operands of a convolution-like call: which array an argument is, and how it is flipped.

``operand(expr, scope, ndim)`` reduces ``np.rot90(self.kernels[i, j], 2)`` to the array
``self.kernels`` with a 180-degree turn, looks through ``np.pad`` (``padded``) and
refuses (turn None) when an item of a flipped stack hides which axes were turned.
``aliases`` links ``self.x = x`` so a forward's parameter and the attribute a backward
reads are recognised as the same array.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from .axes import Turn
from .exprs import call_arg, dotted
from .kernels import kernel_view
from .model import Scope

_PAD_FUNCS = frozenset({"numpy.pad", "torch.nn.functional.pad"})


@dataclass(frozen=True)
class Operand:
    """An argument of a call, reduced to the array it names and the flips applied to it."""

    root: str | None  # ``self.kernels`` for ``self.kernels[i, j]``
    turn: Turn | None  # flips on the spatial axes (None: present but not understood)
    padded: bool = False  # reached through ``np.pad``


def strip_items(node: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(node, cst.Subscript) and all(
        isinstance(el.slice, cst.Index) for el in node.slice
    ):
        node = node.value
    return node


def _single_value(name: str, scope: Scope) -> cst.BaseExpression | None:
    bindings = scope.lookup(name)
    if len(bindings) == 1 and bindings[0].kind == "assign":
        return bindings[0].value
    return None


def _loop_items(name: str, scope: Scope) -> cst.BaseExpression | None:
    """The array a loop variable takes its items from (``for k in self.kernels``)."""
    bindings = scope.lookup(name)
    if not bindings or any(b.kind != "for" or b.value is None for b in bindings):
        return None
    sources = {dotted(b.value) for b in bindings}
    if len(bindings) > 1 and (len(sources) != 1 or None in sources):
        return None  # several loops over different arrays reuse the name
    return bindings[0].value


def operand(expr: cst.BaseExpression | None, scope: Scope, ndim: int | None) -> Operand:
    """What array ``expr`` is and how it is flipped (through ``np.pad`` and item access)."""
    if expr is None:
        return Operand(None, None)
    view = kernel_view(expr, scope)
    turn: Turn | None = Turn.IDENTITY
    if view.has_steps:
        turn = view.turn(ndim) if ndim is not None else None
        if turn is Turn.IDENTITY:
            turn = None  # flips that cancel: CNV301's finding, not a convention
    base = view.base
    stripped = strip_items(base)
    root = dotted(stripped)
    if root is None:
        return Operand(None, turn)
    items = _loop_items(root, scope) if "." not in root else None
    if items is not None:
        # an item of the iterated array: the same array as ``stack[i]``, so forward
        # and backward loops over differently named variables still pair up
        inner = kernel_view(items, scope)
        inner_root = dotted(strip_items(inner.base))
        return Operand(inner_root, None if inner.has_steps else turn)
    value = _single_value(root, scope) if "." not in root else None
    if stripped is not base and value is not None and kernel_view(value, scope).has_steps:
        return Operand(root, None)  # an item of a flipped stack: axes not known here
    if isinstance(value, cst.Call) and scope.resolve(value.func) in _PAD_FUNCS:
        inner = operand(call_arg(value, 0, "array"), scope, ndim)
        if inner.turn is not Turn.IDENTITY or turn is not Turn.IDENTITY:
            return Operand(inner.root, None, True)
        return Operand(inner.root, Turn.IDENTITY, True)
    return Operand(root, turn)


def aliases(roots: set[str], scope: Scope) -> set[str]:
    """``self.x = x`` in the forward makes ``self.x`` and ``x`` the same array."""
    out = set(roots)
    for name, bindings in scope.bindings.items():
        for binding in bindings:
            source = dotted(binding.value) if binding.value is not None else None
            if source in roots:
                out.add(name)
    return out
