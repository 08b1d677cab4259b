"""Explicit padding: ``np.pad(x, k // 2)`` or ``F.pad(x, (1, 2, 1, 2))`` before a 'valid' pass.

A 'valid' correlation of an image padded by ``p`` samples in front is a 'same'-style
correlation anchored at ``p`` (``out[i] = sum_a x[i + a - p] * k[a]``).  Hand-written
"same" implementations pad symmetrically by ``k // 2``, which for an even kernel is not
the anchor scipy or torch use.  :func:`leading_pads` reads the padding in front of each
axis when the widths are integers the code spells out (literals, or ``k // 2`` with a
kernel of visible shape).
"""

from __future__ import annotations

import libcst as cst

from .exprs import call_arg, child_nodes, dotted, elements_of, int_value
from .model import Scope

_NUMPY_PAD = {"numpy.pad"}
_TORCH_PAD = {"torch.nn.functional.pad"}
_MAX_DEPTH = 8


def int_expr(
    node: cst.BaseExpression | None,
    scope: Scope,
    shape_of,  # Callable[[cst.BaseExpression], tuple[int, ...] | None]
    depth: int = 0,
) -> int | None:
    """The value of a small integer expression: literals, names, ``K.shape[i]``,
    ``len(K)`` and ``+ - * //`` of those (None when it is not visible)."""
    if node is None or depth > _MAX_DEPTH:
        return None
    value = int_value(node)
    if value is not None:
        return value
    if isinstance(node, cst.Name):
        bindings = scope.lookup(node.value)
        if len(bindings) == 1 and bindings[0].kind == "assign" and not bindings[0].loop_depth:
            value, unpack = bindings[0].value, bindings[0].unpack
            if len(unpack) == 1 and isinstance(value, cst.Attribute):
                # ``kh, kw = k.shape``: one entry of a shape
                shape = shape_of(value.value) if value.attr.value == "shape" else None
                return shape[unpack[0]] if shape and unpack[0] < len(shape) else None
            if unpack:
                return None
            return int_expr(value, scope, shape_of, depth + 1)
        return None
    if isinstance(node, cst.BinaryOperation):
        left = int_expr(node.left, scope, shape_of, depth + 1)
        right = int_expr(node.right, scope, shape_of, depth + 1)
        return int_op(node.operator, left, right)
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute):
        return _shape_item(node, shape_of)
    if isinstance(node, cst.Call) and dotted(node.func) == "len" and node.args:
        shape = shape_of(node.args[0].value)
        return shape[0] if shape else None
    return None


def int_op(op: cst.BaseBinaryOp, left: int | None, right: int | None) -> int | None:
    """``left <op> right`` for the integer operators sizes are written with (None: not one
    of ``+ - * // %``, or an operand unknown)."""
    if left is None or right is None:
        return None
    if isinstance(op, cst.Add):
        return left + right
    if isinstance(op, cst.Subtract):
        return left - right
    if isinstance(op, cst.Multiply):
        return left * right
    if isinstance(op, cst.FloorDivide) and right != 0:
        return left // right
    if isinstance(op, cst.Modulo) and right != 0:
        return left % right
    return None


def _shape_item(node: cst.Subscript, shape_of) -> int | None:
    attribute = node.value
    assert isinstance(attribute, cst.Attribute)
    if attribute.attr.value != "shape" or len(elements_of(node)) != 1:
        return None
    index = elements_of(node)[0].slice
    position = int_value(index.value) if isinstance(index, cst.Index) else None
    shape = shape_of(attribute.value)
    if position is None or not shape or not -len(shape) <= position < len(shape):
        return None
    return shape[position]


def _pair(node: cst.BaseExpression, scope: Scope, shape_of) -> tuple[int, int] | None:
    if isinstance(node, (cst.Tuple, cst.List)):
        items = [int_expr(e.value, scope, shape_of) for e in node.elements]
        if len(items) == 2 and None not in items:
            return items[0], items[1]  # type: ignore[return-value]
        return None
    width = int_expr(node, scope, shape_of)
    return None if width is None else (width, width)


def _numpy_pads(call: cst.Call, scope: Scope, shape_of, ndim: int) -> tuple[int, ...] | None:
    widths = call_arg(call, 1, "pad_width")
    if widths is None:
        return None
    if isinstance(widths, (cst.Tuple, cst.List)) and all(
        isinstance(e.value, (cst.Tuple, cst.List)) for e in widths.elements
    ):
        pairs = [_pair(e.value, scope, shape_of) for e in widths.elements]
        if len(pairs) < ndim or None in pairs:
            return None
        return tuple(p[0] for p in pairs[-ndim:])  # type: ignore[index]
    pair = _pair(widths, scope, shape_of)
    return None if pair is None else (pair[0],) * ndim


def _torch_pads(call: cst.Call, scope: Scope, shape_of, ndim: int) -> tuple[int, ...] | None:
    widths = call_arg(call, 1, "pad")
    if not isinstance(widths, (cst.Tuple, cst.List)):
        return None
    values = [int_expr(e.value, scope, shape_of) for e in widths.elements]
    if len(values) < 2 * ndim or None in values:
        return None
    # (last-dim before, last-dim after, previous-dim before, ...)
    before = [values[2 * i] for i in range(ndim)]
    return tuple(reversed(before))  # type: ignore[arg-type]


def leading_pads(
    image: cst.BaseExpression, scope: Scope, shape_of, ndim: int
) -> tuple[cst.BaseExpression, tuple[int, ...]] | None:
    """(unpadded image, zeros added in front of each of the last ``ndim`` axes)."""
    node: cst.BaseExpression | None = image
    for _ in range(_MAX_DEPTH):
        if isinstance(node, cst.Name):
            bindings = scope.lookup(node.value)
            if len(bindings) != 1 or bindings[0].kind != "assign":
                return None
            node = bindings[0].value
            continue
        break
    if not isinstance(node, cst.Call):
        return None
    name = scope.resolve(node.func)
    inner = call_arg(node, 0, None)
    if inner is None:
        return None
    if name in _NUMPY_PAD:
        pads = _numpy_pads(node, scope, shape_of, ndim)
    elif name in _TORCH_PAD:
        pads = _torch_pads(node, scope, shape_of, ndim)
    else:
        return None
    return None if pads is None else (inner, pads)


_SHIFT_FUNCS = {"numpy.roll", "torch.roll", "scipy.ndimage.shift"}


def _offset_slice(node: cst.Subscript) -> bool:
    """``a[1:]``, ``a[1:5]``, ``a[k // 2:]``: a crop with a start (not a moving window,
    nor one phase of a subsampling such as ``raw[1::2]``)."""
    for element in elements_of(node):
        index = element.slice
        if not isinstance(index, cst.Slice) or index.lower is None:
            continue
        if index.step is not None and int_value(index.step) != 1:
            continue
        start = int_value(index.lower)
        if (start is not None and start != 0) or (start is None and index.upper is None):
            return True
    return False


def shows_shift(expr: cst.BaseExpression, scope: Scope, limit: int = 500) -> bool:
    """True when ``expr`` (or a value it is assigned from, in ``scope``) crops with an
    offset start (``out[1:, 1:]``) or rolls/shifts: an explicit alignment compensation."""
    pending: list[cst.CSTNode] = [expr]
    seen: set[str] = set()
    while pending and limit > 0:
        limit -= 1
        node = pending.pop()
        if isinstance(node, cst.Subscript) and _offset_slice(node):
            return True
        if isinstance(node, cst.Call) and scope.resolve(node.func) in _SHIFT_FUNCS:
            return True
        if isinstance(node, cst.Name) and node.value not in seen:
            seen.add(node.value)
            pending.extend(b.value for b in scope.lookup(node.value) if b.value is not None)
        if not isinstance(node, (cst.Lambda, cst.FunctionDef)):
            pending.extend(child_nodes(node))
    return False
