"""Derivative kernels built by formula: along which axis, and which way, do they slope?

A derivative-of-Gaussian kernel is seldom written as numbers.  It is a formula on a
coordinate grid: ``X, Y = np.meshgrid(ax, ax)`` with ``ax = np.arange(-r, r + 1)``,
``g = np.exp(-(X**2 + Y**2) / (2 * s**2))``, and ``X * g`` for d/dx.  Such a kernel is
``sign * c * p``: ``c`` a grid coordinate, centred on zero and increasing along one axis,
and ``p`` a factor that is never negative and even along each axis on its own (a function
of ``X**2`` and ``Y**2``).  Its first moment along the coordinate's axis then has the
sign of ``sign`` and along the other axis it is zero: it is oriented for correlation
(weighs higher indices positively, like ``[-1, 0, 1]``) exactly when ``sign`` is +1.

:func:`slope` returns ``(axis, sign)`` (axis 0: rows, 1: columns) for such a formula and
None when the formula does not show one.  A wrong answer would report correct code, so
each reading is exact: a grid coordinate is an output of ``np.meshgrid`` (or a plane of
``np.mgrid``) of increasing grids centred on zero, and the factor is built from positive
numbers, even powers and ``np.exp`` of such.
"""

from __future__ import annotations

import functools

import libcst as cst

from . import apis
from .exprs import call_arg, number_value, string_value, unparenthesized
from .model import FileFacts, Scope
from .parity import ODD, centred_stack, grid_axes, rot180_parity

Slope = tuple[int, int]
_MAX_DEPTH = 24
_POSITIVE_CALLS = frozenset({"numpy.exp", "numpy.cosh"})
_SUMS = frozenset({"sum", "max"})


def builds_grids(facts: FileFacts) -> bool:
    """The file makes a coordinate grid (``np.meshgrid``, ``np.indices``, a grid stack),
    without which no formula slopes; read once per file, before any kernel's scope is
    looked up (that index walks the whole file)."""
    found = facts.cache.get("slopes-grids")
    if found is None:
        calls = {*apis.GRID_CALLS, apis.INDEX_GRIDS}
        source = facts.source
        found = (
            # a grid stack is a subscript, not a call: its name in the text is enough
            source is None
            or any(stack.rpartition(".")[2] in source for stack in apis.GRID_STACKS)
            or any(site.qualified in calls for scope in facts.scopes for site in scope.calls)
        )
        facts.cache["slopes-grids"] = found
    return found


def _memo(read):
    """Each reading once per node of a scope: a formula's names recur in every product
    they are in (``g`` in ``x * g`` and ``y * g``), and the readings follow them.  A
    reading met again while it is being made (a cycle) reads nothing."""

    @functools.wraps(read)
    def cached(node, scope, depth=0):
        table = scope.__dict__.setdefault("_slope_readings", {})
        key = (read.__name__, id(node))
        if key not in table:
            table[key] = None if read.__name__ == "slope" else False
            table[key] = read(node, scope, depth)
        return table[key]

    return cached


@_memo
def slope(node: cst.BaseExpression, scope: Scope, depth: int = 0) -> Slope | None:
    """``(axis, sign)`` of a kernel ``sign * c * p`` (see the module docstring)."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, cst.Name):
        return _named(node.value, scope, depth, slope)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = slope(node.expression, scope, depth + 1)
        return None if inner is None else (inner[0], -inner[1])
    if isinstance(node, cst.BinaryOperation):
        op = node.operator
        if isinstance(op, cst.Multiply):
            left = slope(node.left, scope, depth + 1)
            if left is not None and _even_factor(node.right, scope, depth + 1):
                return left
            right = slope(node.right, scope, depth + 1)
            if right is not None and _even_factor(node.left, scope, depth + 1):
                return right
        if isinstance(op, cst.Divide):
            left = slope(node.left, scope, depth + 1)
            if left is not None and _positive_number(node.right, scope, depth + 1):
                return left
    return None


def _named(name: str, scope: Scope, depth: int, read) -> Slope | bool | None:
    """``read`` of the value a local name holds: bound once, or bound and then scaled in
    place by positive numbers (``g /= g.sum()``); a coordinate unpacked from a grid."""
    bindings = scope.lookup(name)
    if not bindings:
        return None
    first, rest = bindings[0], bindings[1:]
    if first.kind != "assign" or first.value is None or first.loop_depth:
        return None
    for later in rest:
        statement = later.statement
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if not (
            isinstance(small, cst.AugAssign)
            and isinstance(small.operator, (cst.MultiplyAssign, cst.DivideAssign))
            and (
                _own_total(small.value, name, first.value, scope, depth)
                or _positive_number(small.value, scope, depth + 1)
            )
        ):
            return None
    if first.unpack:
        if read is not slope or len(first.unpack) != 1:
            return None
        return _grid_coordinate(first.value, first.unpack[0], scope, depth + 1)
    return read(first.value, scope, depth + 1)


def _own_total(
    node: cst.BaseExpression, name: str, value: cst.BaseExpression, scope: Scope, depth: int
) -> bool:
    """``g /= g.sum()``: the total of the array itself, positive when its first value is
    never negative (read from that value, not from the name being defined)."""
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in _SUMS
        and not node.args
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == name
        and _even_factor(value, scope, depth + 1)
    )


def _grid_coordinate(
    value: cst.BaseExpression, index: int, scope: Scope, depth: int
) -> Slope | None:
    """Output ``index`` of ``np.meshgrid(a, b)`` (``indexing="xy"``: the first varies
    along columns) of increasing grids centred on zero."""
    stacked = _stack_coordinate(value, index, scope)
    if stacked is not None:
        return stacked
    if not isinstance(value, cst.Call) or scope.resolve(value.func) != "numpy.meshgrid":
        return None
    grids = [a.value for a in value.args if a.keyword is None and not a.star]
    if len(grids) != 2 or len(value.args) > 3 or index not in (0, 1):
        return None
    indexing = call_arg(value, None, "indexing")
    mode = "xy" if indexing is None else string_value(indexing)
    if mode not in ("xy", "ij"):
        return None
    grid = grids[index]
    if rot180_parity(grid, scope) != ODD or not _increasing(grid, scope, depth + 1):
        return None
    axis = 1 - index if mode == "xy" else index
    return axis, 1


def _stack_coordinate(value: cst.BaseExpression, index: int, scope: Scope) -> Slope | None:
    """Plane ``index`` of a 2-D stack of index grids centred on zero (``np.mgrid[-r:r + 1,
    -r:r + 1]``, ``np.indices((n, n)) - c``): it increases along axis ``index``."""
    if index not in (0, 1) or not centred_stack(value, scope):
        return None
    base = unparenthesized(value)
    if isinstance(base, cst.BinaryOperation):
        base = unparenthesized(base.left)
    axes = grid_axes(base, scope)
    if axes is None or len(axes) != 2:
        return None
    for start, _, spaced in axes:
        # a count instead of a step runs from start to stop: start written negative
        if spaced and not (number_value(start) or 0) < 0 and not _negated(start):
            return None
    return index, 1


def _negated(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus)


@_memo
def _increasing(node: cst.BaseExpression, scope: Scope, depth: int) -> bool:
    """A 1-D grid whose entries increase: ``np.arange(lo, hi)``, ``np.linspace(lo, hi, n)``
    with ``lo`` written negative, such a grid shifted or scaled by a positive number."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(node, cst.Name):
        return bool(_named(node.value, scope, depth, _increasing))
    if isinstance(node, cst.Call):
        name = scope.resolve(node.func)
        args = [a.value for a in node.args if a.keyword is None]
        if name == "numpy.arange":
            step = args[2] if len(args) > 2 else call_arg(node, None, "step")
            return step is None or _positive_number(step, scope, depth + 1)
        if name == "numpy.linspace" and len(args) >= 2:
            low = args[0]
            return _negated(low) or (number_value(low) or 0) < 0
        return False
    if isinstance(node, cst.BinaryOperation):
        op = node.operator
        if isinstance(op, (cst.Add, cst.Subtract)):
            return _increasing(node.left, scope, depth + 1) and _scalar(node.right, scope)
        if isinstance(op, (cst.Multiply, cst.Divide)):
            return _increasing(node.left, scope, depth + 1) and _positive_number(
                node.right, scope, depth + 1
            )
    return False


def _scalar(node: cst.BaseExpression, scope: Scope) -> bool:
    return rot180_parity(node, scope) == "scalar"


@_memo
def _positive_number(node: cst.BaseExpression, scope: Scope, depth: int) -> bool:
    """A number known to be positive: a literal, a parameter defaulting to one, an even
    power, products and quotients of such, the sum of a non-negative array."""
    if depth > _MAX_DEPTH:
        return False
    value = number_value(node)
    if value is not None:
        return value > 0
    if isinstance(node, cst.Name):
        if node.value in scope.params and not scope.lookup(node.value):
            default = scope.default(node.value)
            found = number_value(default) if default is not None else None
            return found is not None and found > 0
        return bool(_named(node.value, scope, depth, _positive_number))
    if isinstance(node, cst.BinaryOperation):
        op = node.operator
        if isinstance(op, cst.Power):
            exponent = number_value(node.right)
            even = exponent is not None and exponent == int(exponent) and int(exponent) % 2 == 0
            return (even and _scalar(node.left, scope)) or _positive_number(
                node.left, scope, depth + 1
            )
        if isinstance(op, (cst.Multiply, cst.Divide, cst.Add)):
            return _positive_number(node.left, scope, depth + 1) and _positive_number(
                node.right, scope, depth + 1
            )
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        # ``g.sum()`` of a factor that is never negative (and not all zero)
        if node.func.attr.value in _SUMS and not node.args:
            return _even_factor(node.func.value, scope, depth + 1)
    return False


@_memo
def _even_factor(node: cst.BaseExpression, scope: Scope, depth: int) -> bool:
    """Never negative and even along each axis: positive numbers, ``np.exp`` of a formula
    in even powers of the coordinates, even powers, and products of such."""
    if depth > _MAX_DEPTH:
        return False
    if _positive_number(node, scope, depth + 1):
        return True
    if isinstance(node, cst.Name):
        return bool(_named(node.value, scope, depth, _even_factor))
    if isinstance(node, cst.Call):
        name = scope.resolve(node.func)
        args = [a.value for a in node.args if a.keyword is None]
        return (
            name in _POSITIVE_CALLS
            and len(args) == 1
            and len(node.args) == 1
            and _axis_even(args[0], scope, depth + 1)
        )
    if isinstance(node, cst.BinaryOperation):
        op = node.operator
        if isinstance(op, (cst.Multiply, cst.Add)):
            return _even_factor(node.left, scope, depth + 1) and _even_factor(
                node.right, scope, depth + 1
            )
        if isinstance(op, cst.Divide):
            return _even_factor(node.left, scope, depth + 1) and _positive_number(
                node.right, scope, depth + 1
            )
        if isinstance(op, cst.Power):
            return _even_power(node, scope, depth + 1)
    return False


def _even_power(node: cst.BinaryOperation, scope: Scope, depth: int) -> bool:
    """``c ** 2`` of a grid coordinate (or of anything even along each axis)."""
    exponent = number_value(node.right)
    if exponent is None or exponent != int(exponent) or int(exponent) % 2:
        return False
    return slope(node.left, scope, depth + 1) is not None or _axis_even(node.left, scope, depth)


@_memo
def _axis_even(node: cst.BaseExpression, scope: Scope, depth: int) -> bool:
    """A real formula even along each axis: numbers, even powers of coordinates, and sums,
    differences, products and quotients of such (the argument of ``np.exp``)."""
    if depth > _MAX_DEPTH:
        return False
    if _scalar(node, scope):
        return True
    if isinstance(node, cst.Name):
        return bool(_named(node.value, scope, depth, _axis_even))
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return _axis_even(node.expression, scope, depth + 1)
    if isinstance(node, cst.BinaryOperation):
        if isinstance(node.operator, cst.Power):
            return _even_power(node, scope, depth + 1)
        if isinstance(node.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide)):
            return _axis_even(node.left, scope, depth + 1) and _axis_even(
                node.right, scope, depth + 1
            )
    return False
