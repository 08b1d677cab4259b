"""Fold literal kernels to their numbers, so symmetry can be decided exactly.

Handles what kernels are written as: nested lists, ``np.array``/``np.asarray``/
``torch.tensor`` of them, ``np.ones``/``np.zeros``/``np.full``/``np.eye``/``np.outer``,
unary minus, ``+ - * /`` with scalars or equal shapes, ``.T`` and the flips that
:mod:`.axes` understands.  Anything else folds to None: the rules then treat the
kernel as unknown (and may not claim it is symmetric).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from .axes import AxisMap
from .exprs import int_tuple, int_value, number_value

if TYPE_CHECKING:
    from .model import Scope

Number = int | float | complex
_MAX_SIZE = 4096

_ARRAY_CTORS = {"numpy.array", "numpy.asarray", "numpy.asanyarray", "torch.tensor"}
_FILLED_CTORS = ("numpy.ones", "numpy.zeros", "numpy.full", "numpy.ones_like")
# the calls :func:`fold` may fold (a caller can skip the others without trying)
FOLDED_CALLS = frozenset(
    {*_ARRAY_CTORS, *_FILLED_CTORS, "numpy.eye", "numpy.identity", "numpy.outer"}
)
_BINOPS: dict[type, Callable[[Number, Number], Number]] = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
}


@dataclass(frozen=True)
class Literal:
    """An n-d array of numbers in row-major order."""

    shape: tuple[int, ...]
    values: tuple[Number, ...]

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def _strides(self) -> tuple[int, ...]:
        strides, step = [], 1
        for n in reversed(self.shape):
            strides.append(step)
            step *= n
        return tuple(reversed(strides))

    def permuted(self, axis_map: AxisMap) -> Literal:
        """The array after a signed permutation of its axes."""
        shape = tuple(self.shape[s] for s in axis_map.src)
        strides = self._strides()
        out: list[Number] = []
        for index in _indices(shape):
            flat = 0
            for i, idx in enumerate(index):
                src = axis_map.src[i]
                pos = shape[i] - 1 - idx if axis_map.rev[i] else idx
                flat += pos * strides[src]
            out.append(self.values[flat])
        return Literal(shape, tuple(out))

    def rot180(self) -> Literal:
        """Every axis reversed (the convolution flip of a 1-D or 2-D kernel)."""
        return Literal(self.shape, tuple(reversed(self.values)))

    def is_rot180_symmetric(self) -> bool:
        return self.values == tuple(reversed(self.values))

    def rows(self) -> list[list[Number]]:
        """The 2-D array as nested lists (a 1-D array is one row)."""
        if self.ndim == 1:
            return [list(self.values)]
        width = self.shape[-1]
        return [list(self.values[i : i + width]) for i in range(0, len(self.values), width)]


def _indices(shape: tuple[int, ...]):
    if not shape:
        yield ()
        return
    for head in range(shape[0]):
        for rest in _indices(shape[1:]):
            yield (head, *rest)


def _from_nested(node: cst.BaseExpression) -> Literal | None:
    value = number_value(node)
    if value is not None:
        return Literal((), (value,))
    if not isinstance(node, (cst.List, cst.Tuple)) or not node.elements:
        return None
    items = [_from_nested(el.value) for el in node.elements]
    if any(i is None for i in items):
        return None
    first = items[0]
    assert first is not None
    if any(i is None or i.shape != first.shape for i in items):
        return None
    values = tuple(v for i in items if i is not None for v in i.values)
    return Literal((len(items), *first.shape), values)


def _shape_arg(node: cst.BaseExpression | None) -> tuple[int, ...] | None:
    shape = int_tuple(node)
    if shape is None or any(n <= 0 for n in shape):
        return None
    size = 1
    for n in shape:
        size *= n
    return shape if size <= _MAX_SIZE else None


def _filled(shape: tuple[int, ...] | None, value: Number) -> Literal | None:
    if shape is None:
        return None
    size = 1
    for n in shape:
        size *= n
    return Literal(shape, (value,) * size)


def _eye(n: int | None) -> Literal | None:
    if n is None or not 0 < n <= 64:
        return None
    return Literal((n, n), tuple(1 if i == j else 0 for i in range(n) for j in range(n)))


def _outer(u: Literal | None, v: Literal | None) -> Literal | None:
    if u is None or v is None:
        return None
    return Literal(
        (len(u.values), len(v.values)), tuple(a * b for a in u.values for b in v.values)
    )


def _binop(op: Callable[[Number, Number], Number], a: Literal, b: Literal) -> Literal | None:
    try:
        if a.shape == ():
            return Literal(b.shape, tuple(op(a.values[0], y) for y in b.values))
        if b.shape == ():
            return Literal(a.shape, tuple(op(x, b.values[0]) for x in a.values))
        if a.shape == b.shape:
            return Literal(
                a.shape, tuple(op(x, y) for x, y in zip(a.values, b.values, strict=True))
            )
    except ZeroDivisionError:
        return None
    return None


def _arg(call: cst.Call, i: int) -> cst.BaseExpression | None:
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    return positional[i] if i < len(positional) else None


def _kwarg(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == name:
            return a.value
    return None


class Folder:
    """Folds expressions in one scope; follows single assignments of names."""

    def __init__(self, scope: Scope, depth: int = 0) -> None:
        self.scope = scope
        self.depth = depth

    def fold(self, node: cst.BaseExpression | None) -> Literal | None:
        if node is None or self.depth > 12:
            return None
        self.depth += 1
        try:
            return self._fold(node)
        finally:
            self.depth -= 1

    def _fold(self, node: cst.BaseExpression) -> Literal | None:
        nested = _from_nested(node)
        if nested is not None:
            return nested
        if isinstance(node, cst.Name):
            return self._fold_name(node.value)
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            inner = self.fold(node.expression)
            return _binop(operator.mul, Literal((), (-1,)), inner) if inner else None
        if isinstance(node, cst.BinaryOperation):
            op = _BINOPS.get(type(node.operator))
            left, right = self.fold(node.left), self.fold(node.right)
            if op is None or left is None or right is None:
                return None
            return _binop(op, left, right)
        if isinstance(node, cst.Call):
            return self._fold_call(node)
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            from .kernels import axis_map_of_step

            step = axis_map_of_step(node, self.scope)
            if step is not None:
                inner_node, make_map = step
                inner = self.fold(inner_node)
                axis_map = make_map(inner.ndim) if inner is not None else None
                return inner.permuted(axis_map) if inner and axis_map else None
        return None

    def _fold_name(self, name: str) -> Literal | None:
        bindings = self.scope.lookup(name)
        if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].loop_depth:
            return None
        return self.fold(bindings[0].value)

    def _fold_call(self, call: cst.Call) -> Literal | None:
        name = self.scope.resolve(call.func)
        if name is None and isinstance(call.func, cst.Attribute):
            if call.func.attr.value in ("copy", "astype", "float", "double"):
                return self.fold(call.func.value)
            return None
        if name in _ARRAY_CTORS:
            return self.fold(_arg(call, 0))
        if name in _FILLED_CTORS:
            shape = _shape_arg(_arg(call, 0) or _kwarg(call, "shape"))
            if name == "numpy.full":
                fill = number_value(_arg(call, 1) or _kwarg(call, "fill_value"))
                return _filled(shape, fill) if fill is not None else None
            return _filled(shape, 1 if name == "numpy.ones" else 0)
        if name in ("numpy.eye", "numpy.identity"):
            return _eye(int_value(_arg(call, 0)))
        if name == "numpy.outer":
            return _outer(self.fold(_arg(call, 0)), self.fold(_arg(call, 1)))
        return None


def fold(node: cst.BaseExpression | None, scope: Scope) -> Literal | None:
    """The literal value of ``node`` in ``scope``, or None when it is not a literal."""
    return Folder(scope).fold(node)
