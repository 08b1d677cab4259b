"""Fold literal kernels to their numbers, so symmetry can be decided exactly.

Handles what kernels are written as: nested lists (of numbers or of names bound to
such), ``np.array``/``np.asarray``/``torch.tensor`` of them, ``np.ones``/``np.zeros``/
``np.full``/``np.eye``/``np.outer``, ``np.arange`` of integers, stacking
(``np.stack``/``vstack``/``hstack``/``column_stack``/``concatenate``), unary minus,
``+ - * /`` with scalars or shapes that broadcast, ``.T`` and the flips that :mod:`.axes`
understands, and a constructor followed by item writes with literal indices
(``k = np.zeros((3, 3)); k[:, 0] = -1``).  Anything else folds to None: the rules then
treat the kernel as unknown (and may not claim it is symmetric).
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from .apis import JOINING_CALLS, RAMP
from .axes import AxisMap
from .exprs import elements_of, int_tuple, int_value, number_value, reshape_args

if TYPE_CHECKING:
    from .model import Scope

Number = int | float | complex
_MAX_SIZE = 4096

_ARRAY_CTORS = {"numpy.array", "numpy.asarray", "numpy.asanyarray", "torch.tensor"}
_FILLED_CTORS = ("numpy.ones", "numpy.zeros", "numpy.full", "numpy.ones_like")
# the calls :func:`fold` may fold (a caller can skip the others without trying)
FOLDED_CALLS = frozenset(
    {
        *_ARRAY_CTORS,
        *_FILLED_CTORS,
        RAMP,
        *JOINING_CALLS,
        "numpy.eye",
        "numpy.identity",
        "numpy.outer",
    }
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

    def broadcast_to(self, shape: tuple[int, ...]) -> Literal:
        """The array repeated along its length-1 (and missing leading) axes to ``shape``
        (which ``_broadcast`` accepted)."""
        own = (1,) * (len(shape) - self.ndim) + self.shape
        strides, step = [], 1
        for n in reversed(own):
            strides.append(step if n > 1 else 0)
            step *= n
        strides.reverse()
        return Literal(shape, tuple(self.values[_offset(i, strides)] for i in _indices(shape)))

    def reshaped(self, shape: tuple[int, ...]) -> Literal:
        """The same entries in row-major order with ``shape`` (of the same size)."""
        return Literal(shape, self.values)

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
    return shape if math.prod(shape) <= _MAX_SIZE else None


def _filled(shape: tuple[int, ...] | None, value: Number) -> Literal | None:
    if shape is None:
        return None
    return Literal(shape, (value,) * math.prod(shape))


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


def _arange(args: list[Number | None]) -> Literal | None:
    """``np.arange(stop)``, ``(start, stop)`` or ``(start, stop, step)`` of integers. Float
    ranges stay with :mod:`.parity`, which judges them by their formula (their rounded
    entries need not be exactly symmetric when the range is)."""
    ints = [a for a in args if isinstance(a, int)]
    if not 1 <= len(args) <= 3 or len(ints) != len(args):
        return None
    start, stop, step = (0, ints[0], 1) if len(ints) == 1 else (*ints[:2], 1)
    if len(ints) == 3:
        step = ints[2]
    if step == 0:
        return None
    count = -(-(stop - start) // step)
    if not 0 < count <= _MAX_SIZE:
        return None
    return Literal((count,), tuple(start + i * step for i in range(count)))


def _concatenate(items: list[Literal], axis: int) -> Literal | None:
    """``np.concatenate(items, axis)``: equal shapes but along ``axis``."""
    first = items[0]
    if first.ndim == 0 or not -first.ndim <= axis < first.ndim:
        return None
    axis %= first.ndim
    if any(
        i.ndim != first.ndim
        or i.shape[:axis] + i.shape[axis + 1 :] != first.shape[:axis] + first.shape[axis + 1 :]
        for i in items
    ):
        return None
    outer = math.prod(first.shape[:axis])
    chunks = [(i, math.prod(i.shape[axis:])) for i in items]
    values: list[Number] = []
    for o in range(outer):
        for item, chunk in chunks:
            values.extend(item.values[o * chunk : (o + 1) * chunk])
    shape = (*first.shape[:axis], sum(i.shape[axis] for i in items), *first.shape[axis + 1 :])
    return Literal(shape, tuple(values)) if math.prod(shape) <= _MAX_SIZE else None


def _stacked(name: str, items: list[Literal], axis: int) -> Literal | None:
    """numpy's stacking functions on folded items."""
    if not items:
        return None
    if name == "numpy.stack":
        first = items[0]
        if any(i.shape != first.shape for i in items) or not -first.ndim - 1 <= axis <= first.ndim:
            return None
        axis %= first.ndim + 1
        lifted = [i.reshaped((*i.shape[:axis], 1, *i.shape[axis:])) for i in items]
        return _concatenate(lifted, axis)
    if name in ("numpy.vstack", "numpy.row_stack"):
        items = [i.reshaped((1, *i.shape)) if i.ndim < 2 else i for i in items]
        return _concatenate(items, 0)
    if name == "numpy.hstack":
        return _concatenate(items, 0 if items[0].ndim == 1 else 1)
    if name == "numpy.column_stack":
        items = [i.reshaped((i.shape[0], 1)) if i.ndim == 1 else i for i in items]
        return _concatenate(items, 1)
    return _concatenate(items, axis)


def _selection(sub: cst.Subscript, shape: tuple[int, ...]) -> list[tuple[list[int], bool]] | None:
    """Per axis, the indices ``a[...]`` with literal ints and slices selects and whether the
    axis stays in the selection (a slice) or goes (an int). None: a spelling not read."""
    picks: list[tuple[list[int], bool]] = []
    for el in elements_of(sub):
        if len(picks) >= len(shape):
            return None
        n = shape[len(picks)]
        part = el.slice
        if isinstance(part, cst.Index):
            i = int_value(part.value)
            if i is None or not -n <= i < n or part.star is not None:
                return None
            picks.append(([i % n], False))
        elif isinstance(part, cst.Slice):
            bounds = []
            for bound in (part.lower, part.upper, part.step):
                value = int_value(bound) if bound is not None else None
                if bound is not None and value is None:
                    return None
                bounds.append(value)
            if bounds[2] == 0:
                return None
            picks.append((list(range(n))[slice(*bounds)], True))
        else:
            return None
    picks.extend((list(range(n)), True) for n in shape[len(picks) :])
    return picks


def _written(base: Literal, sub: cst.Subscript, value: Literal) -> Literal | None:
    """``base`` after ``base[sub] = value`` (numpy's broadcasting of ``value``)."""
    picks = _selection(sub, base.shape)
    if picks is None:
        return None
    kept = tuple(len(p) for p, stays in picks if stays)
    if _broadcast(value.shape, kept) != kept:
        return None
    fill = value.broadcast_to(kept).values
    strides = base._strides()
    values = list(base.values)
    for target, v in zip(itertools.product(*(p for p, _ in picks)), fill, strict=True):
        values[_offset(target, strides)] = v
    return Literal(base.shape, tuple(values))


def _read(base: Literal, sub: cst.Subscript) -> Literal | None:
    """``base[sub]`` with literal ints and slices (``k[:, 0]``, ``k[1:, ::2]``)."""
    picks = _selection(sub, base.shape)
    if picks is None:
        return None
    strides = base._strides()
    chosen = itertools.product(*(p for p, _ in picks))
    values = tuple(base.values[_offset(index, strides)] for index in chosen)
    shape = tuple(len(p) for p, stays in picks if stays)
    return Literal(shape, values) if all(shape) else None


def _offset(index: tuple[int, ...], strides) -> int:
    """Where entry ``index`` sits in the row-major values."""
    return sum(i * st for i, st in zip(index, strides, strict=True))


def _binop(op: Callable[[Number, Number], Number], a: Literal, b: Literal) -> Literal | None:
    """``a op b`` with numpy's broadcasting (``[[1], [2]] * [1, 0, -1]``)."""
    shape = _broadcast(a.shape, b.shape)
    if shape is None:
        return None
    try:
        if a.shape == b.shape:
            return Literal(
                a.shape, tuple(op(x, y) for x, y in zip(a.values, b.values, strict=True))
            )
        xs, ys = a.broadcast_to(shape).values, b.broadcast_to(shape).values
        return Literal(shape, tuple(op(x, y) for x, y in zip(xs, ys, strict=True)))
    except (ZeroDivisionError, OverflowError):
        return None


def _broadcast(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """numpy's broadcast shape of ``a`` and ``b`` (None: they do not broadcast or the result
    is too large to fold)."""
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    out = []
    for x, y in zip(a, b, strict=True):
        if x != y and 1 not in (x, y):
            return None
        out.append(max(x, y))
    shape = tuple(out)
    return shape if math.prod(shape) <= _MAX_SIZE else None


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
        self.before: dict[str, int] = {}  # a name's item writes from this order on are unseen
        self.names: dict[tuple[str, int | None], Literal | None] = {}  # folded names

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
            if isinstance(node, cst.Subscript):
                inner = self.fold(node.value)
                return _read(inner, node) if inner is not None else None
        return None

    def _fold_sequence(self, node: cst.List | cst.Tuple) -> Literal | None:
        """``np.array([row, [-2, 0, 2], row])``: the items of a sequence an array is made
        of, folded to one shape (names among them). Only as an array constructor's or a
        stacking function's argument: a bare ``(box, binomial)`` is a sequence of kernels
        (``for k in (box, binomial)``), not one array."""
        if not node.elements or len(node.elements) > _MAX_SIZE:
            return None
        items = []
        for el in node.elements:
            item = None if isinstance(el, cst.StarredElement) else self._fold_item(el.value)
            if item is None or (items and item.shape != items[0].shape):
                return None
            items.append(item)
        shape = (len(items), *items[0].shape)
        if math.prod(shape) > _MAX_SIZE:
            return None
        return Literal(shape, tuple(v for i in items for v in i.values))

    def _fold_item(self, node: cst.BaseExpression) -> Literal | None:
        """An item of an array's sequence: a nested sequence is part of the same array."""
        if isinstance(node, (cst.List, cst.Tuple)) and _from_nested(node) is None:
            return self._fold_sequence(node)
        return self.fold(node)

    def _fold_name(self, name: str) -> Literal | None:
        """A name bound once (outside loops), or bound once and then written item by item
        with literal indices in the same branch (``k = np.zeros((3, 3)); k[1, :] = 1``)."""
        key = (name, self.before.get(name))
        if key not in self.names:
            self.names[key] = self._replay(name)
        return self.names[key]

    def _replay(self, name: str) -> Literal | None:
        bindings = self.scope.lookup(name)
        if len(bindings) > 1:
            bindings = sorted(bindings, key=lambda b: b.order)
        if not bindings or bindings[0].kind != "assign" or any(b.loop_depth for b in bindings):
            return None
        first, writes = bindings[0], bindings[1:]
        if any(b.kind != "item" or b.arms != first.arms for b in writes):
            return None
        # a write's value that reads the array (``k[:, 2] = -k[:, 0]``) sees the writes
        # before it
        limit = self.before.get(name)
        value = self.fold(first.value)
        for write in writes:
            if value is None or (limit is not None and write.order >= limit):
                break
            target = _item_target(write.statement, name)
            self.before[name] = write.order
            try:
                item = self.fold(write.value) if target is not None else None
            finally:
                if limit is None:
                    del self.before[name]
                else:
                    self.before[name] = limit
            value = _written(value, target, item) if target is not None and item else None
        return value

    def _fold_call(self, call: cst.Call) -> Literal | None:
        name = self.scope.resolve(call.func)
        if name is None and isinstance(call.func, cst.Attribute):
            if call.func.attr.value in ("copy", "astype", "float", "double"):
                return self.fold(call.func.value)
            if call.func.attr.value in ("reshape", "ravel", "flatten"):
                return self._reshaped(call)
            return None
        if name in _ARRAY_CTORS:
            first = _arg(call, 0)
            return self._fold_item(first) if first is not None else None
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
        if name == RAMP:
            positional = [a.value for a in call.args if a.keyword is None and not a.star]
            if len(positional) != len(call.args):
                return None
            return _arange([number_value(a) for a in positional])
        if name in JOINING_CALLS:
            seq = _arg(call, 0)
            axis_node = _arg(call, 1) or _kwarg(call, "axis")
            axis = int_value(axis_node) if axis_node is not None else 0
            if not isinstance(seq, (cst.List, cst.Tuple)) or axis is None:
                return None
            items = [self._fold_item(el.value) for el in seq.elements]
            if not items or any(i is None for i in items):
                return None
            return _stacked(name, [i for i in items if i is not None], axis)
        return None

    def _reshaped(self, call: cst.Call) -> Literal | None:
        """``k.reshape(1, 3)``, ``k.reshape((3, 1))``, ``k.reshape(-1)``, ``k.ravel()``."""
        assert isinstance(call.func, cst.Attribute)
        inner = self.fold(call.func.value)
        if inner is None:
            return None
        size = len(inner.values)
        if call.func.attr.value != "reshape":
            return None if call.args else inner.reshaped((size,))
        shape = reshape_args(call)
        if shape is None or any(n < -1 for n in shape) or shape.count(-1) > 1:
            return None
        if -1 in shape:
            rest = -math.prod(shape)  # the product of the other sizes
            if rest <= 0 or size % rest:
                return None
            shape = tuple(size // rest if n == -1 else n for n in shape)
        return inner.reshaped(shape) if math.prod(shape) == size else None


def _item_target(statement: cst.CSTNode, name: str) -> cst.Subscript | None:
    """The ``name[...]`` target of the plain assignment ``statement`` (not ``+=``)."""
    small = statement.body if isinstance(statement, cst.SimpleStatementLine) else [statement]
    for node in small:
        if isinstance(node, cst.Assign) and len(node.targets) == 1:
            target = node.targets[0].target
            if (
                isinstance(target, cst.Subscript)
                and isinstance(target.value, cst.Name)
                and target.value.value == name
            ):
                return target
    return None


def fold(node: cst.BaseExpression | None, scope: Scope) -> Literal | None:
    """The literal value of ``node`` in ``scope``, or None when it is not a literal."""
    return Folder(scope).fold(node)
