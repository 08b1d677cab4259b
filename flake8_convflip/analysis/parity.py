"""Kernels built by formula: is the array its own 180-degree rotation?

A Gaussian written by hand (``ax = np.arange(-r, r + 1)``, ``g = np.exp(-ax**2 / (2 *
s**2))``, ``np.outer(g, g)``) equals its 180-degree rotation, so convolving and
correlating with it agree and its orientation cannot be a mistake.  This module reads
that from the formula: every array gets a *parity* under the rotation,

* ``"odd"``: ``a[-i] == -a[i]``, a grid centred on zero (``np.linspace(-1, 1, n)``,
  ``np.arange(-r, r + 1)``, ``np.arange(n) - (n - 1) / 2``, either output of
  ``np.meshgrid`` of such grids, each plane of ``np.mgrid[-r:r + 1, -r:r + 1]`` or of
  ``np.mgrid[0:n, 0:n] - c`` / ``np.indices((n, n)) - c`` with ``c`` the centre);
* ``"even"``: ``a[-i] == a[i]``, the symmetric arrays (``x**2`` of an odd ``x``, a sum
  of even terms, ``np.exp`` of an even array, ``np.outer`` of two even vectors, an even
  array to any scalar power);
* ``"scalar"``: a number (literals, parameters whose default is a number, full
  reductions such as ``k.sum()``), which keeps the parity of what it scales;

and ``None`` when the formula does not show one.  A wrong ``None`` only costs a
symmetric kernel its excuse; a wrong ``"even"`` would hide a mistake, so each rule
below is exact, with one reading: a parameter is taken at its default
(``np.arange(size) - size // 2`` is centred for ``size=5``, not for a caller's 4).
"""

from __future__ import annotations

import libcst as cst

from . import apis
from .exprs import (
    call_arg,
    elements_of,
    int_value,
    number_value,
    string_value,
    unparenthesized,
    walk,
)
from .literals import FOLDED_CALLS, Literal, fold
from .model import Scope

EVEN, ODD, SCALAR = "even", "odd", "scalar"
_MAX_DEPTH = 12
# names taken to have a parity while the bindings that read them are checked (a value
# updated in a loop, ``row = np.convolve(row, [1, 1])``: by induction)
Assumed = tuple[tuple[str, str], ...]


def rot180_parity(
    node: cst.CSTNode, scope: Scope, depth: int = 0, assume: Assumed = ()
) -> str | None:
    """``"even"``, ``"odd"``, ``"scalar"`` or ``None`` (see the module docstring)."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, (cst.Integer, cst.Float)):
        return SCALAR
    if isinstance(node, (cst.Name, cst.Attribute)):
        return _name_parity(node, scope, depth, assume)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return rot180_parity(node.expression, scope, depth + 1, assume)
    if isinstance(node, cst.BinaryOperation):
        return _binary_parity(node, scope, depth, assume)
    if isinstance(node, (cst.List, cst.Tuple)):
        literal = fold(node, scope)
        return _literal_parity(literal) if literal is not None else None
    if isinstance(node, cst.Call):
        return _call_parity(node, scope, depth, assume)
    return None


def _literal_parity(literal: Literal) -> str | None:
    values = literal.values
    if values == literal.rot180().values:
        return EVEN
    if all(a == -b for a, b in zip(values, reversed(values), strict=True)):
        return ODD
    return None


def _name_parity(
    node: cst.Name | cst.Attribute, scope: Scope, depth: int, assume: Assumed
) -> str | None:
    qualified = scope.resolve(node)
    if qualified in apis.SCALAR_CONSTANTS:
        return SCALAR
    if not isinstance(node, cst.Name):
        return None
    name = node.value
    bindings = scope.lookup(name)
    if name in scope.params and not bindings:
        return SCALAR if scope.number_default(name) else None
    for key, assumed in assume:
        if key == name:
            return assumed
    if len(bindings) > 1:
        return _updated_parity(name, bindings, scope, depth, assume)
    if len(bindings) != 1 or bindings[0].value is None:
        return None
    binding = bindings[0]
    if binding.kind != "assign":
        return None
    owner = scope
    while owner is not None and name not in owner.bindings:
        owner = owner.parent
    here = owner if owner is not None else scope
    if binding.unpack:
        return _unpacked_parity(binding.value, binding.unpack, here, depth, assume)
    return rot180_parity(binding.value, here, depth + 1, assume)


def _updated_parity(name: str, bindings, scope: Scope, depth: int, assume: Assumed) -> str | None:
    """A name bound several times has a parity when every binding gives it: the ones that
    do not read the name outright, the ones that update it (in a loop) by induction."""
    if any(b.kind != "assign" or b.value is None or b.unpack for b in bindings):
        return None
    reads = [
        any(isinstance(n, cst.Name) and n.value == name for n in walk(b.value)) for b in bindings
    ]
    starts = {
        rot180_parity(b.value, scope, depth + 1, assume)
        for b, r in zip(bindings, reads, strict=True)
        if not r
    }
    if len(starts) != 1:
        return None
    (start,) = starts
    if start is None:
        return None
    hypothesis = ((name, start), *assume)
    for binding, read in zip(bindings, reads, strict=True):
        if read and rot180_parity(binding.value, scope, depth + 1, hypothesis) != start:
            return None
    return start


def _unpacked_parity(
    value, unpack: tuple[int, ...], scope: Scope, depth: int, assume: Assumed
) -> str | None:
    """``xx, yy = np.meshgrid(ax, ax)``: every output is odd when every grid is; so is
    every plane of a stack of grids centred on zero (``np.mgrid[0:n, 0:n] - c``)."""
    if len(unpack) != 1:
        return None
    if centred_stack(value, scope):
        return ODD
    if not isinstance(value, cst.Call):
        return None
    if scope.resolve(value.func) != "numpy.meshgrid":
        return None
    grids = [a.value for a in value.args if a.keyword is None]
    if grids and all(rot180_parity(g, scope, depth + 1, assume) == ODD for g in grids):
        return ODD
    return None


def _binary_parity(
    node: cst.BinaryOperation, scope: Scope, depth: int, assume: Assumed
) -> str | None:
    op = node.operator
    centred = _centred_arange(node, scope)
    if centred:
        return ODD
    left = rot180_parity(node.left, scope, depth + 1, assume)
    if left is None:
        return None
    if isinstance(op, cst.Power):
        exponent = int_value(node.right)
        if left == SCALAR:
            return (
                SCALAR if rot180_parity(node.right, scope, depth + 1, assume) == SCALAR else None
            )
        if left == EVEN:
            # an entry and its mirror are equal, so are their powers by any one number
            right = rot180_parity(node.right, scope, depth + 1, assume)
            return EVEN if right == SCALAR else None
        if exponent is None or exponent < 0:
            return None
        if left == ODD and exponent % 2 == 0:
            return EVEN
        return left
    right = rot180_parity(node.right, scope, depth + 1, assume)
    if right is None:
        return None
    if isinstance(op, (cst.Add, cst.Subtract)):
        if left == right:
            return left
        if SCALAR in (left, right) and EVEN in (left, right):
            return EVEN
        return None
    if isinstance(op, (cst.Multiply, cst.Divide, cst.FloorDivide)):
        if SCALAR in (left, right):
            return right if left == SCALAR else left
        if isinstance(op, cst.FloorDivide):
            return None
        return EVEN if left == right else ODD
    return None


def _centred_arange(node: cst.BinaryOperation, scope: Scope) -> bool:
    """``np.arange(n) - (n - 1) / 2``, or ``- n // 2`` for a literal odd ``n``."""
    if not isinstance(node.operator, cst.Subtract) or not isinstance(node.left, cst.Call):
        return False
    call = node.left
    if scope.resolve(call.func) != apis.RAMP or len(call.args) != 1:
        return False
    n = call.args[0].value
    right = node.right
    if isinstance(right, cst.BinaryOperation) and isinstance(right.operator, cst.Divide):
        half = right.left
        return (
            int_value(right.right) == 2
            and isinstance(half, cst.BinaryOperation)
            and isinstance(half.operator, cst.Subtract)
            and _same(half.left, n)
            and int_value(half.right) == 1
        )
    if isinstance(right, cst.BinaryOperation) and isinstance(right.operator, cst.FloorDivide):
        if not (_same(right.left, n) and int_value(right.right) == 2):
            return False
        size = int_value(n)
        if size is None and isinstance(n, cst.Name) and not scope.lookup(n.value):
            default = scope.default(n.value)
            size = int_value(default) if default is not None else None
        return size is not None and size % 2 == 1
    return False


def centred_stack(node: cst.BaseExpression, scope: Scope) -> bool:
    """A stack of index grids each centred on zero: ``np.mgrid[-r:r + 1, -r:r + 1]``, or
    ``np.mgrid[0:n, 0:n] - c`` / ``np.indices((n, n)) - c`` where ``c`` is every axis's
    centre (by value, parameters at their defaults, or written as ``(n - 1) / 2``)."""
    node = _unconverted(node, scope)
    shift: cst.BaseExpression | None = None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract):
        node, shift = _unconverted(node.left, scope), node.right
    axes = grid_axes(node, scope)
    if not axes:
        return False
    for start, stop, spaced in axes:
        if shift is None:
            if not _opposite(start, stop, spaced, scope):
                return False
        elif not _centre_of(start, stop, spaced, shift, scope):
            return False
    return True


def _unconverted(node: cst.BaseExpression, scope: Scope) -> cst.BaseExpression:
    """``node`` without the dtype conversions around it (``np.mgrid[...].astype(float)``,
    ``np.asarray(...)``): they move no entry."""
    node = unparenthesized(node)
    for _ in range(8):
        if isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value in apis.CONVERSION_METHODS:
                node = unparenthesized(func.value)
                continue
            if scope.resolve(func) in apis.TRANSPARENT_FUNCS and node.args:
                node = unparenthesized(node.args[0].value)
                continue
        break
    return node


def grid_axes(node: cst.BaseExpression, scope: Scope):
    """``(start, stop, spaced)`` of each axis of an index-grid stack (``spaced``: a complex
    step, ``np.linspace``'s count with the end included), or None."""
    if isinstance(node, cst.Subscript) and scope.resolve(node.value) in apis.GRID_STACKS:
        axes = []
        for element in elements_of(node):
            index = element.slice
            if not isinstance(index, cst.Slice) or index.upper is None:
                return None
            step = index.step
            spaced = isinstance(step, cst.Imaginary)
            if step is not None and not spaced and int_value(step) != 1:
                return None
            start = index.lower if index.lower is not None else cst.Integer("0")
            axes.append((start, index.upper, spaced))
        return axes
    if isinstance(node, cst.Call) and scope.resolve(node.func) == apis.INDEX_GRIDS:
        shape = node.args[0].value if len(node.args) == 1 else None
        if isinstance(shape, (cst.Tuple, cst.List)) and shape.elements:
            return [(cst.Integer("0"), e.value, False) for e in shape.elements]
    return None


def _opposite(start, stop, spaced: bool, scope: Scope) -> bool:
    """``start:stop`` runs from ``-r`` to ``r``: ``-r:r + 1`` (or ``-r:r:nj``)."""
    a, b = _number(start, scope), _number(stop, scope)
    if a is not None and b is not None:
        return a == -b if spaced else a == 1 - b
    if not (isinstance(start, cst.UnaryOperation) and isinstance(start.operator, cst.Minus)):
        return False
    if spaced:
        return _same(start.expression, stop)
    return (
        isinstance(stop, cst.BinaryOperation)
        and isinstance(stop.operator, cst.Add)
        and int_value(stop.right) == 1
        and _same(start.expression, stop.left)
    )


def _centre_of(start, stop, spaced: bool, shift, scope: Scope) -> bool:
    """``shift`` is the centre of ``start:stop``: equal by value, or ``(stop - 1) / 2``."""
    a, b, c = _number(start, scope), _number(stop, scope), _number(shift, scope)
    if None not in (a, b, c):
        return c == ((a + b) / 2 if spaced else (a + b - 1) / 2)
    if a != 0 or spaced:
        return False
    shift = _bound_value(unparenthesized(shift), scope)
    return (
        isinstance(shift, cst.BinaryOperation)
        and isinstance(shift.operator, cst.Divide)
        and int_value(shift.right) == 2
        and isinstance(half := unparenthesized(shift.left), cst.BinaryOperation)
        and isinstance(half.operator, cst.Subtract)
        and _same(half.left, stop)
        and int_value(half.right) == 1
    )


def _bound_value(node: cst.BaseExpression, scope: Scope) -> cst.BaseExpression:
    """What a name bound once by plain assignment holds (else the node itself)."""
    if isinstance(node, cst.Name):
        bindings = scope.lookup(node.value)
        if len(bindings) == 1 and bindings[0].kind == "assign" and not bindings[0].unpack:
            value = bindings[0].value
            if value is not None:
                return unparenthesized(value)
    return node


def _number(node: cst.BaseExpression, scope: Scope, depth: int = 0) -> float | None:
    """The value of scalar arithmetic on literals, names bound once and parameters at
    their defaults (the one reading this module takes of a parameter), else None."""
    if depth > _MAX_DEPTH:
        return None
    node = unparenthesized(node)
    if isinstance(node, (cst.Integer, cst.Float)):
        value = number_value(node)
        return float(value.real) if value is not None else None
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _number(node.expression, scope, depth + 1)
        return None if inner is None else -inner
    if isinstance(node, cst.Name):
        if node.value in scope.params and not scope.lookup(node.value):
            default = scope.default(node.value)
            return _number(default, scope, depth + 1) if default is not None else None
        bound = _bound_value(node, scope)
        return None if bound is node else _number(bound, scope, depth + 1)
    if isinstance(node, cst.BinaryOperation):
        a, b = _number(node.left, scope, depth + 1), _number(node.right, scope, depth + 1)
        if a is None or b is None:
            return None
        op = node.operator
        if isinstance(op, cst.Add):
            return a + b
        if isinstance(op, cst.Subtract):
            return a - b
        if isinstance(op, cst.Multiply):
            return a * b
        if isinstance(op, (cst.Divide, cst.FloorDivide)) and b != 0:
            return a / b if isinstance(op, cst.Divide) else float(a // b)
    return None


def _call_parity(node: cst.Call, scope: Scope, depth: int, assume: Assumed) -> str | None:
    name = scope.resolve(node.func)
    if name in FOLDED_CALLS:
        literal = fold(node, scope)
        if literal is not None:
            return _literal_parity(literal)
    args = [a.value for a in node.args if a.keyword is None]
    if name in apis.SYMMETRIC_CTORS:
        return EVEN if symmetric_constructor(node, name) else None
    if (
        isinstance(node.func, cst.Attribute)
        and node.func.attr.value in apis.FULL_REDUCTION_METHODS
    ):
        return SCALAR if not node.args else None
    if name in apis.FULL_REDUCTION_CALLS and len(node.args) == 1:
        return SCALAR
    # conversions keep the entries where they are: ``np.asarray(k)``, ``k.astype(float)``
    if name in apis.TRANSPARENT_FUNCS and args:
        return rot180_parity(args[0], scope, depth + 1, assume)
    if isinstance(node.func, cst.Attribute) and node.func.attr.value in apis.CONVERSION_METHODS:
        return rot180_parity(node.func.value, scope, depth + 1, assume)
    if name == apis.RAMP and len(args) == 2 and _dtype_only(node, 2):
        low, high = args
        numbers = int_value(low), int_value(high)
        if None not in numbers:
            return ODD if numbers[0] == 1 - numbers[1] else None  # np.arange(-3, 4)
        if (
            isinstance(low, cst.UnaryOperation)
            and isinstance(low.operator, cst.Minus)
            and isinstance(high, cst.BinaryOperation)
            and isinstance(high.operator, cst.Add)
            and int_value(high.right) == 1
            and _same(low.expression, high.left)
        ):
            return ODD
        return None
    if name == "numpy.linspace" and len(args) >= 2:
        low, high = args[0], args[1]
        endpoint = call_arg(node, None, "endpoint")
        if (
            endpoint is None
            and isinstance(low, cst.UnaryOperation)
            and isinstance(low.operator, cst.Minus)
            and _same(low.expression, high)
        ):
            return ODD
        return None
    api = apis.filter_api(name)
    if api is not None:
        return _full_filter_parity(node, api, args, scope, depth, assume)
    if name == "numpy.outer" and len(args) == 2:
        u, v = (rot180_parity(a, scope, depth + 1, assume) for a in args)
        if u in (EVEN, ODD) and u == v:
            return EVEN
        return None
    if name in apis.PARITY_ELEMENTWISE and len(args) == 1:
        inner = rot180_parity(args[0], scope, depth + 1, assume)
        if inner == ODD:
            if name in apis.EVEN_FUNCTIONS:
                return EVEN
            return ODD if name in apis.ODD_FUNCTIONS else None
        return inner
    return None


def symmetric_constructor(node: cst.Call, name: str) -> bool:
    """A call of a constructor in ``apis.SYMMETRIC_CTORS`` whose arguments keep it so: the
    shape and fill any (``np.ones(taps)``), ``np.eye`` square on its main diagonal, a window
    not asked for its periodic form (``sym=False``)."""
    if name in apis.SQUARE_ONLY_CTORS:
        positional = [a for a in node.args if a.keyword is None]
        return len(positional) == 1 and all(
            a.keyword is not None and a.keyword.value == "dtype" for a in node.args[1:]
        )
    sym = call_arg(node, None, "sym")
    return sym is None or (isinstance(sym, cst.Name) and sym.value == "True")


_PLAIN = frozenset({"mode", "method"})


def _full_filter_parity(node: cst.Call, api, args, scope: Scope, depth: int, assume: Assumed):
    """A full convolution or correlation of two arrays with parities: the rotation of
    ``a * b`` is ``rot(a) * rot(b)``, and of a correlation ``rot(a) * b`` (for the
    ``'full'`` output only, whose centre is the centre of both operands)."""
    mode = string_value(call_arg(node, api.mode_arg, "mode")) if api.mode_arg is not None else None
    if len(args) not in (2, 3) or (mode or api.default_mode) != "full":
        return None
    if any(a.keyword is not None and a.keyword.value not in _PLAIN for a in node.args):
        return None  # a boundary or fill value other than zeros, axes: not read
    a, b = (rot180_parity(x, scope, depth + 1, assume) for x in args[:2])
    if a not in (EVEN, ODD) or b not in (EVEN, ODD):
        return None
    return EVEN if a == b else ODD


def _same(a: cst.CSTNode, b: cst.CSTNode) -> bool:
    return a.deep_equals(b)


def _dtype_only(node: cst.Call, positional: int) -> bool:
    """``positional`` arguments and at most a ``dtype=`` (which moves no entry)."""
    extra = node.args[positional:]
    return len(node.args) >= positional and all(
        a.keyword is not None and a.keyword.value == "dtype" for a in extra
    )
