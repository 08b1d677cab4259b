"""Shapes the code makes visible: a literal's, a constructor's, an index into one.

:func:`kernel_shape` reads the shape of an array built with visible sizes (a literal,
``np.zeros((4, 4))``, ``rng.random((2, 2))``, names bound once to those);
:func:`index_position` the position an index expression spells into such an array.
The 'same'-mode anchors built on them live in :mod:`flake8_convflip.semantic.anchors`.
"""

from __future__ import annotations

import libcst as cst

from .exprs import call_arg, elements_of, int_tuple, int_value
from .kernels import _RNG_METHODS as RNG_SHAPE_METHODS
from .kernels import _SHAPE_FUNCS as SHAPE_FUNCS
from .literals import fold
from .model import Scope
from .padding import int_expr


def kernel_shape(
    node: cst.BaseExpression | None, scope: Scope, depth: int = 0
) -> tuple[int, ...] | None:
    """The shape of an array the code builds with visible sizes (literal or constructor)."""
    if node is None or depth > 8:
        return None
    literal = fold(node, scope)
    if literal is not None:
        return literal.shape
    if isinstance(node, cst.Name):
        bindings = scope.lookup(node.value)
        first = [b for b in bindings if b.kind == "assign"]
        if len(first) == 1 and first[0].value is not None and not first[0].loop_depth:
            return kernel_shape(first[0].value, scope, depth + 1)
        return None
    if isinstance(node, cst.Call):
        return _constructor_shape(node, scope, depth)
    return None


def _constructor_shape(call: cst.Call, scope: Scope, depth: int) -> tuple[int, ...] | None:
    name = scope.resolve(call.func)
    style = SHAPE_FUNCS.get(name or "")
    if style is None and name is None and isinstance(call.func, cst.Attribute):
        method = call.func.attr.value
        if method in ("copy", "astype"):
            return kernel_shape(call.func.value, scope, depth + 1)
        style = RNG_SHAPE_METHODS.get(method)
    if style == "shape":
        return _shape_tuple(call_arg(call, 0, "shape") or call_arg(call, None, "size"), scope)
    if style == "size":
        return int_tuple(call_arg(call, None, "size") or call_arg(call, 2, None))
    if style == "varargs":
        values = [int_value(a.value) for a in call.args if a.keyword is None]
        if values and all(v is not None for v in values):
            return tuple(v for v in values if v is not None)
    return None


def shape_exprs(node: cst.BaseExpression | None, scope: Scope) -> list[cst.BaseExpression] | None:
    """The size expressions of the constructor that makes ``node`` (``np.zeros((n, n))``,
    ``np.ones((n, n)) / n**2``, ``rng.random((kh, kw)).astype(float)``): one per axis."""
    while isinstance(node, cst.BinaryOperation):
        left = shape_exprs(node.left, scope)
        node = node.right if left is None else None
        if left is not None:
            return left
    if not isinstance(node, cst.Call):
        return None
    name = scope.resolve(node.func)
    style = SHAPE_FUNCS.get(name or "")
    if style is None and name is None and isinstance(node.func, cst.Attribute):
        if node.func.attr.value in ("copy", "astype"):
            return shape_exprs(node.func.value, scope)
        style = RNG_SHAPE_METHODS.get(node.func.attr.value)
    if style == "shape":
        sizes = call_arg(node, 0, "shape") or call_arg(node, None, "size")
    elif style == "size":
        sizes = call_arg(node, None, "size") or call_arg(node, 2, None)
    elif style == "varargs":
        return [a.value for a in node.args if a.keyword is None] or None
    else:
        return None
    if isinstance(sizes, (cst.Tuple, cst.List)):
        if any(isinstance(e, cst.StarredElement) for e in sizes.elements):
            return None
        return [e.value for e in sizes.elements] or None
    return [sizes] if sizes is not None else None


def _shape_tuple(node: cst.BaseExpression | None, scope: Scope) -> tuple[int, ...] | None:
    """``(4, 4)``, ``(kh, kw)`` or ``4`` with integers the code makes visible."""
    literal = int_tuple(node)
    if literal is not None or not isinstance(node, (cst.Tuple, cst.List)):
        return literal
    values = [int_expr(e.value, scope, lambda n: None) for e in node.elements]
    if not values or None in values:
        return None
    return tuple(v for v in values if v is not None)


def index_exprs(target: cst.Subscript) -> list[cst.BaseExpression] | None:
    """The index expressions of ``d[i, j]`` (None when one is a slice)."""
    found = [e.slice.value for e in elements_of(target) if isinstance(e.slice, cst.Index)]
    return found if len(found) == len(elements_of(target)) else None


def index_position(
    target: cst.Subscript, scope: Scope, shape: tuple[int, ...]
) -> tuple[int, ...] | None:
    values: list[int] = []
    for element in elements_of(target):
        index = element.slice
        if not isinstance(index, cst.Index):
            return None
        value = int_expr(index.value, scope, lambda n: kernel_shape(n, scope))
        if value is None:
            return None
        values.append(value)
    if len(values) != len(shape) or not all(
        0 <= v < m for v, m in zip(values, shape, strict=True)
    ):
        return None
    return tuple(values)
