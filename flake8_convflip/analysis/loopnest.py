"""Loop-nest facts: where a hand-rolled window sits in its loops, and what they cover.

``window_nest(window)`` answers, for a slice-sum window ``np.sum(x[r:r+kh, c:c+kw] * k)``
whose two slices start at the variables of two enclosing ``for`` loops, which loops
those are (so one 2-D correlation call computes the whole nest).  ``canonical_nest``
goes further and proves the shape of the canonical form a fix may replace::

    out = np.zeros((H - kh + 1, W - kw + 1))      # H, W from x.shape; kh, kw from k.shape
    for r in range(H - kh + 1):                   # or range(out.shape[0])
        for c in range(W - kw + 1):
            out[r, c] = np.sum(x[r:r + kh, c:c + kw] * k)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from .exprs import call_arg, child_nodes, dotted, elements_of, expr_key, int_value, walk
from .kernels import dim_of
from .model import Scope
from .windows import Window

_ALLOCATORS = ("numpy.zeros", "numpy.empty")
_SUM_CALLS = ("numpy.sum", "torch.sum")


@dataclass
class WindowNest:
    """A slice-sum window whose slices start at the variables of two enclosing loops."""

    window: Window
    subscript: cst.Subscript  # x[r:r + kh, c:c + kw]
    row_var: str
    col_var: str
    loops: tuple[cst.For, ...]  # from the outer of the two loops to the innermost loop


@dataclass
class CanonicalNest:
    """A nest proven to compute ``out = <2-D valid correlation of image with kernel>``."""

    nest: WindowNest
    allocation: cst.SimpleStatementLine  # out = np.zeros((.., ..)) right before the loops
    alloc_call: cst.Call
    output: str  # the output's name


def _code(node: cst.CSTNode | None) -> str:
    if node is None:
        return ""
    return "".join(cst.Module([]).code_for_node(node).split())


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def _mentions(node: cst.CSTNode, name: str) -> bool:
    return name in _words(_code(node))


def _children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    for child in child_nodes(node):
        if not isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            yield child


def enclosing_loops(scope: Scope, target: cst.CSTNode) -> tuple[cst.For | cst.While, ...] | None:
    """The loops around ``target`` inside ``scope`` (outermost first), None if not found."""
    stack: list[tuple[cst.CSTNode, tuple]] = [(child, ()) for child in child_nodes(scope.node)]
    while stack:
        node, loops = stack.pop()
        if node is target:
            return loops
        inner = (*loops, node) if isinstance(node, (cst.For, cst.While)) else loops
        stack.extend((child, inner) for child in _children(node))
    return None


def _whole_sum(window: Window) -> bool:
    """The window is summed over every element: ``.sum()`` or ``np.sum(prod)`` alone."""
    node = window.node
    if not isinstance(node, cst.Call):
        return False
    if isinstance(node.func, cst.Attribute) and node.func.attr.value == "sum":
        if window.scope.resolve(node.func) is None:
            return not node.args
    return window.scope.resolve(node.func) in _SUM_CALLS and len(node.args) == 1


def _is_window_of(node: cst.BaseExpression, image_key: str | None) -> bool:
    return (
        isinstance(node, cst.Subscript)
        and expr_key(node.value) == image_key
        and len(elements_of(node)) == 2
        and all(isinstance(e.slice, cst.Slice) and e.slice.step is None for e in elements_of(node))
    )


def window_subscript(window: Window) -> cst.Subscript | None:
    """The ``x[r:r+kh, c:c+kw]`` subscript inside the product (directly or by a name)."""
    key = window.image_key
    names: list[str] = []
    for node in walk(window.node, into_functions=True):
        if _is_window_of(node, key):
            return node  # type: ignore[return-value]
        if isinstance(node, cst.Name):
            names.append(node.value)
    for name in names:
        bindings = window.scope.bindings.get(name, [])
        if len(bindings) == 1 and bindings[0].value is not None:
            if _is_window_of(bindings[0].value, key):
                return bindings[0].value  # type: ignore[return-value]
    return None


def slice_start_var(element: cst.SubscriptElement) -> str | None:
    """``r`` for ``r:r + kh`` (or ``r:kh + r``), the slice of one window axis."""
    index = element.slice
    if not isinstance(index, cst.Slice) or not isinstance(index.lower, cst.Name):
        return None
    var = index.lower.value
    return var if _extent(index, var) is not None else None


def _extent(index: cst.Slice, var: str) -> cst.BaseExpression | None:
    """``kh`` for the slice ``var:var + kh`` (the window's length on that axis)."""
    upper = index.upper
    if not isinstance(upper, cst.BinaryOperation) or not isinstance(upper.operator, cst.Add):
        return None
    for this, other in ((upper.left, upper.right), (upper.right, upper.left)):
        if isinstance(this, cst.Name) and this.value == var and not _mentions(other, var):
            return other
    return None


def _loop_var(loop: cst.For | cst.While) -> str | None:
    if isinstance(loop, cst.For) and isinstance(loop.target, cst.Name):
        return loop.target.value
    return None


def window_nest(window: Window) -> WindowNest | None:
    """The two loops whose variables start a whole-sum 2-D window, if there are such."""
    if window.kind != "slice-sum" or not _whole_sum(window):
        return None
    subscript = window_subscript(window)
    if subscript is None:
        return None
    row, col = (slice_start_var(e) for e in elements_of(subscript))
    if row is None or col is None or row == col:
        return None
    kernel_key = window.kernel.key
    if kernel_key is None or {row, col} & _words(kernel_key):
        return None
    loops = enclosing_loops(window.scope, window.statement) or ()
    owners = [i for i, loop in enumerate(loops) if _loop_var(loop) in (row, col)]
    if len(owners) != 2:
        return None
    nest = tuple(loop for loop in loops[owners[0] :] if isinstance(loop, cst.For))
    if len(nest) != len(loops) - owners[0]:
        return None
    return WindowNest(window, subscript, row, col, nest)


# -- the canonical form --------------------------------------------------------------
def _only_statement(loop: cst.For) -> cst.BaseStatement | None:
    body = loop.body
    if loop.orelse is not None or not isinstance(body, cst.IndentedBlock):
        return None
    return body.body[0] if len(body.body) == 1 else None


def _range_bound(loop: cst.For) -> cst.BaseExpression | None:
    it = loop.iter
    if not (
        isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "range"
    ):
        return None
    return it.args[0].value if len(it.args) == 1 and it.args[0].keyword is None else None


def _output_target(statement: cst.BaseStatement, nest: WindowNest) -> str | None:
    """``out`` when the statement is exactly ``out[r, c] = <window sum>``."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    assign = statement.body[0]
    if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
        return None
    if assign.value is not nest.window.node:
        return None
    target = assign.targets[0].target
    indices: list[str] = []
    while isinstance(target, cst.Subscript):
        parts = [_code(e.slice) for e in elements_of(target)]
        indices[:0] = parts
        target = target.value
    name = dotted(target)
    return name if indices == [nest.row_var, nest.col_var] and name else None


def _valid_length(bound: cst.BaseExpression, axis: int, nest: WindowNest) -> bool:
    """``bound`` is ``x.shape[axis] - k.shape[axis] + 1``, with the window that long."""
    scope = nest.window.scope
    if not (isinstance(bound, cst.BinaryOperation) and isinstance(bound.operator, cst.Add)):
        return False
    diff = bound.left
    if int_value(bound.right) != 1 or not isinstance(diff, cst.BinaryOperation):
        return False
    if not isinstance(diff.operator, cst.Subtract):
        return False
    index = elements_of(nest.subscript)[axis].slice
    var = nest.row_var if axis == 0 else nest.col_var
    extent = _extent(index, var) if isinstance(index, cst.Slice) else None
    if extent is None or _code(extent) != _code(diff.right):
        return False
    image, kernel = dim_of(diff.left, scope), dim_of(diff.right, scope)
    return image == (nest.window.image_key, axis) and kernel == (nest.window.kernel.key, axis)


def _block_before(scope: Scope, loop: cst.For) -> cst.BaseStatement | None:
    """The statement right before ``loop`` in the block that holds it."""
    for node in walk(scope.node, into_functions=True):
        body = getattr(node, "body", None)
        if isinstance(node, (cst.Module, cst.IndentedBlock)) and isinstance(body, tuple | list):
            for i, statement in enumerate(body):
                if statement is loop:
                    return body[i - 1] if i > 0 else None
    return None


def _allocation(statement: cst.BaseStatement | None, output: str, scope: Scope):
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    assign = statement.body[0]
    if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
        return None
    if dotted(assign.targets[0].target) != output or not isinstance(assign.value, cst.Call):
        return None
    call = assign.value
    if scope.resolve(call.func) not in _ALLOCATORS:
        return None
    shape = call_arg(call, 0, "shape")
    extra = [a for a in call.args if a.value is not shape and a.keyword is not None]
    if any(a.keyword.value != "dtype" for a in extra if a.keyword is not None):
        return None
    if not isinstance(shape, cst.Tuple) or len(shape.elements) != 2 or len(call.args) > 2:
        return None
    return call


def _bound_matches(bound, shape_dim, axis: int, output: str, nest: WindowNest) -> bool:
    if _code(bound) == f"{output}.shape[{axis}]":
        return _valid_length(shape_dim, axis, nest)
    return _code(bound) == _code(shape_dim) and _valid_length(bound, axis, nest)


def canonical_nest(nest: WindowNest) -> CanonicalNest | None:
    """Prove the nest is the canonical valid-correlation loop (see the module docstring)."""
    if len(nest.loops) != 2:
        return None
    outer, inner = nest.loops
    if _only_statement(outer) is not inner or _only_statement(inner) is not nest.window.statement:
        return None
    output = _output_target(nest.window.statement, nest)
    if output is None or output in (nest.window.image_key, nest.window.kernel.key):
        return None
    scope = nest.window.scope
    statement = _block_before(scope, outer)
    call = _allocation(statement, output, scope)
    if call is None:
        return None
    shape = call_arg(call, 0, "shape")
    assert isinstance(shape, cst.Tuple)
    dims = {nest.row_var: shape.elements[0].value, nest.col_var: shape.elements[1].value}
    for loop in nest.loops:
        var, bound = _loop_var(loop), _range_bound(loop)
        if var is None or bound is None:
            return None
        axis = 0 if var == nest.row_var else 1
        if not _bound_matches(bound, dims[var], axis, output, nest):
            return None
    assert isinstance(statement, cst.SimpleStatementLine)
    return CanonicalNest(nest, statement, call, output)


def names_used_outside(scope: Scope, names: set[str], inside: cst.CSTNode) -> bool:
    """True when a name in ``names`` appears in ``scope`` outside the node ``inside``."""
    stack: list[cst.CSTNode] = list(child_nodes(scope.node))
    while stack:
        node = stack.pop()
        if node is inside:
            continue
        if isinstance(node, cst.Name) and node.value in names:
            return True
        stack.extend(child_nodes(node))
    return False
