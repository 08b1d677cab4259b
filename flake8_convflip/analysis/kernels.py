"""Kernel facts: is an expression ``k``, ``k`` rotated 180 degrees, half flipped, ...

``kernel_view(expr, scope)`` peels flips, transposes and quarter turns off an
expression (following simple assignments in the scope) down to a base array, and
keeps the steps.  Composing the steps as signed axis permutations (:mod:`.axes`)
gives the exact effect on the kernel's spatial axes once its rank is known; the rank
comes from the API it is passed to, a literal, or a shape in its construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from . import axes as ax
from .apis import RAMP, TRANSPARENT_FUNCS, TRANSPARENT_METHODS
from .axes import AxisMap, Turn
from .exprs import call_arg, dotted, elements_of, expr_key, int_tuple, int_value
from .literals import Literal, fold
from .parity import EVEN, rot180_parity

if TYPE_CHECKING:
    from .model import Scope

MapMaker = Callable[[int], AxisMap | None]
_SHAPE_FUNCS = {
    "numpy.random.rand": "varargs",
    "numpy.random.randn": "varargs",
    "torch.randn": "varargs",
    "torch.rand": "varargs",
    "torch.ones": "varargs",
    "torch.zeros": "varargs",
    "numpy.zeros": "shape",
    "numpy.ones": "shape",
    "numpy.empty": "shape",
    "numpy.full": "shape",
    "numpy.random.random": "shape",
    "numpy.random.standard_normal": "shape",
    "numpy.random.randint": "size",
    "numpy.random.uniform": "size",
    "numpy.random.normal": "size",
}
_RNG_METHODS = {
    "random": "shape",
    "standard_normal": "shape",
    "integers": "size",
    "normal": "size",
}


def _slice_step(node: cst.Subscript) -> MapMaker | None:
    """``k[::-1, ::-1]``, ``k[..., ::-1]``, ``k[:, ::-1]`` as a flip of some axes."""
    positions: list[int] = []
    after_ellipsis: list[int] = []
    seen_ellipsis = False
    count = 0
    for i, element in enumerate(elements_of(node)):
        index = element.slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.Ellipsis):
            seen_ellipsis = True
            continue
        if not isinstance(index, cst.Slice) or index.lower is not None or index.upper is not None:
            return None
        count += 1
        step = int_value(index.step) if index.step is not None else 1
        if step not in (1, -1):
            return None
        if step == -1:
            (after_ellipsis if seen_ellipsis else positions).append(i)
    if not positions and not after_ellipsis:
        return None
    n_after = (
        len(elements_of(node))
        - 1
        - max(
            (i for i, e in enumerate(elements_of(node)) if _is_ellipsis(e)),
            default=len(elements_of(node)) - 1,
        )
    )

    def make(ndim: int) -> AxisMap | None:
        if count > ndim:
            return None
        axes = [
            *positions,
            *(ndim - n_after + (i - (len(elements_of(node)) - n_after)) for i in after_ellipsis),
        ]
        return ax.flip(ndim, tuple(axes))

    return make


def _index_step(node: cst.Subscript, scope: Scope) -> MapMaker | None:
    """``k[rows]`` or ``k[:, cols]`` with one index array that counts an axis down
    (``n - 1 - np.arange(n)``, ``np.arange(n)[::-1]``, ``np.arange(n - 1, -1, -1)``, ``n``
    that axis's length): a flip of that axis.  Two index arrays in one subscript pair their
    entries (``k[rows, cols]`` is a diagonal), so exactly one is allowed beside full slices."""
    flipped: int | None = None
    for i, element in enumerate(elements_of(node)):
        index = element.slice
        if isinstance(index, cst.Slice):
            if index.lower is None and index.upper is None and index.step is None:
                continue
            return None
        if flipped is not None or not _counts_down(index.value, node.value, i, scope):
            return None
        flipped = i
    if flipped is None:
        return None
    count = len(elements_of(node))
    axis = flipped
    return lambda ndim: ax.flip(ndim, (axis,)) if count <= ndim else None


def _counts_down(expr: cst.BaseExpression, base: cst.BaseExpression, axis: int, scope) -> bool:
    """``expr`` (or the one value its name is given) lists ``n - 1, ..., 0`` for the length
    ``n`` of ``base``'s axis ``axis`` (or ``-1, ..., -n``)."""
    expr = _sole_value(expr, scope) or expr
    length: cst.BaseExpression | None = None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Subtract):
        # ``n - 1 - np.arange(n)``, ``-1 - np.arange(n)``
        length = _arange_length(expr.right, scope)
        if length is None:
            return False
        if int_value(expr.left) != -1 and not _minus_one(expr.left, length, scope):
            return False
    elif (step := _ramp_step(expr, scope)) is not None:
        # ``np.arange(n)[::-1]``, ``np.flip(np.arange(n))``: the ramp reversed
        inner, make = step
        if make(1) != ax.flip(1, (0,)):
            return False
        length = _arange_length(inner, scope)
    elif isinstance(expr, cst.Call) and scope.resolve(expr.func) == RAMP:
        # ``np.arange(n - 1, -1, -1)``
        args = [a.value for a in expr.args if a.keyword is None]
        if len(args) != 3 or int_value(args[1]) != -1 or int_value(args[2]) != -1:
            return False
        if not isinstance(args[0], cst.BinaryOperation) or int_value(args[0].right) != 1:
            return False
        if not isinstance(args[0].operator, cst.Subtract):
            return False
        length = args[0].left
    return length is not None and _axis_length(length, base, axis, scope)


def _ramp_step(expr: cst.BaseExpression, scope) -> tuple[cst.BaseExpression, MapMaker] | None:
    """A flip written on a ramp by a slice or a call (not by another index array, which
    could name the array being indexed again: ``i = order[i]``)."""
    if isinstance(expr, cst.Subscript):
        make = _slice_step(expr)
        return (expr.value, make) if make is not None else None
    if isinstance(expr, cst.Call):
        return _call_step(expr, scope)
    return None


def _sole_value(expr: cst.BaseExpression, scope) -> cst.BaseExpression | None:
    """The value a local name is assigned once (no unpacking), else None."""
    if not isinstance(expr, cst.Name):
        return None
    bindings = scope.lookup(expr.value)
    if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].unpack:
        return None
    return bindings[0].value


def _arange_length(expr: cst.BaseExpression, scope) -> cst.BaseExpression | None:
    """``n`` of ``np.arange(n)``."""
    if not isinstance(expr, cst.Call) or scope.resolve(expr.func) != RAMP:
        return None
    args = [a.value for a in expr.args if a.keyword is None]
    return args[0] if len(args) == 1 and len(expr.args) == 1 else None


def _minus_one(expr: cst.BaseExpression, length: cst.BaseExpression, scope) -> bool:
    """``expr`` is ``length - 1`` (the same name or expression)."""
    if not isinstance(expr, cst.BinaryOperation) or not isinstance(expr.operator, cst.Subtract):
        return False
    return int_value(expr.right) == 1 and expr_key(expr.left) == expr_key(length) is not None


def _axis_length(length: cst.BaseExpression, base: cst.BaseExpression, axis: int, scope) -> bool:
    """``length`` is the size of ``base``'s axis ``axis`` (see :func:`dim_of`); a flipped
    array has the shape of the array."""
    while isinstance(base, cst.Subscript) and (
        _slice_step(base) is not None or _index_step(base, scope) is not None
    ):
        base = base.value
    owner = expr_key(base)
    return owner is not None and dim_of(length, scope) == (owner, axis)


def dim_of(expr: cst.BaseExpression, scope: Scope) -> tuple[str, int] | None:
    """``("x", 0)`` when ``expr`` is ``x.shape[0]``, ``len(x)`` or a name bound once from
    one (:func:`dim_source` with the array as its key)."""
    found = dim_source(expr, scope)
    key = expr_key(found[0]) if found is not None else None
    return (key, found[1]) if key and found is not None else None


def dim_source(expr: cst.BaseExpression, scope: Scope) -> tuple[cst.BaseExpression, int] | None:
    """``(x, 0)`` (the array's expression and the axis) when ``expr`` is ``x.shape[0]``,
    ``len(x)`` or a name bound once from one.

    Understands ``h = x.shape[0]``, ``n = len(x)`` and ``h, w = x.shape``.
    """
    if isinstance(expr, cst.Subscript):
        return _shape_item(expr)
    if isinstance(expr, cst.Call) and dotted(expr.func) == "len" and len(expr.args) == 1:
        return expr.args[0].value, 0
    if not isinstance(expr, cst.Name):
        return None
    bindings = scope.bindings.get(expr.value, [])
    if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].value is None:
        return None
    value, statement = bindings[0].value, bindings[0].statement
    if isinstance(value, (cst.Subscript, cst.Call)):
        return dim_source(value, scope)
    if isinstance(value, cst.Attribute) and value.attr.value == "shape":
        return _unpacked_dim(statement, expr.value, value)
    return None


def _shape_item(expr: cst.Subscript) -> tuple[cst.BaseExpression, int] | None:
    """``(x, 1)`` for ``x.shape[1]``."""
    elements = elements_of(expr)
    base, index = expr.value, elements[0].slice
    if len(elements) != 1 or not isinstance(index, cst.Index):
        return None
    axis = int_value(index.value)
    if not isinstance(base, cst.Attribute) or base.attr.value != "shape" or axis is None:
        return None
    return base.value, axis


def _unpacked_dim(
    statement: cst.CSTNode, name: str, shape: cst.Attribute
) -> tuple[cst.BaseExpression, int] | None:
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    assign = statement.body[0]
    if not isinstance(assign, cst.Assign) or not isinstance(assign.targets[0].target, cst.Tuple):
        return None
    for i, element in enumerate(assign.targets[0].target.elements):
        if isinstance(element.value, cst.Name) and element.value.value == name:
            return shape.value, i
    return None


def _is_ellipsis(element: cst.SubscriptElement) -> bool:
    index = element.slice
    return isinstance(index, cst.Index) and isinstance(index.value, cst.Ellipsis)


def _axes_arg(call: cst.Call, pos: int, *names: str) -> tuple[bool, tuple[int, ...] | None]:
    """(given, axes): the axis argument of a numpy call; given=False means default."""
    for name in (None, *names):
        node = call_arg(call, pos if name is None else None, name)
        if node is not None:
            if isinstance(node, cst.Name) and node.value == "None":
                return True, None
            value = int_tuple(node)
            return True, value if value is not None else (99,)
    return False, None


def _call_step(call: cst.Call, scope: Scope) -> tuple[cst.BaseExpression, MapMaker] | None:
    name = scope.resolve(call.func)
    target = call_arg(call, 0, None)
    method = call.func.attr.value if isinstance(call.func, cst.Attribute) else None
    if name is None and method is not None:
        return _method_step(call, method)
    if target is None or name is None:
        return None
    if name in ("numpy.flip", "torch.flip"):
        given, axes = _axes_arg(call, 1, "axis", "dims")
        return target, (lambda n: ax.flip(n, axes if given else None))
    if name in ("numpy.flipud", "torch.flipud"):
        return target, (lambda n: ax.flip(n, (0,)))
    if name in ("numpy.fliplr", "torch.fliplr"):
        return target, (lambda n: ax.flip(n, (1,)))
    if name in ("numpy.rot90", "torch.rot90"):
        k = int_value(call_arg(call, 1, "k"))
        given, axes = _axes_arg(call, 2, "axes", "dims")
        k = 1 if call_arg(call, 1, "k") is None else k
        if k is None or (given and (axes is None or len(axes) != 2)):
            return None
        pair = axes if given and axes is not None else (0, 1)
        return target, (lambda n: ax.rot90(n, k, (pair[0], pair[1])))
    if name in ("numpy.transpose", "torch.transpose"):
        given, perm = _axes_arg(call, 1, "axes")
        return target, (lambda n: ax.transpose(n, perm if given else None))
    if name == "numpy.swapaxes":
        a, b = int_value(call_arg(call, 1, "axis1")), int_value(call_arg(call, 2, "axis2"))
        if a is None or b is None:
            return None
        return target, (lambda n: ax.swap(n, a, b))
    if name in ("numpy.moveaxis", "torch.movedim"):
        a = int_value(call_arg(call, 1, "source"))
        b = int_value(call_arg(call, 2, "destination"))
        if a is None or b is None:
            return None
        return target, (lambda n: ax.move(n, a, b))
    if name == "cv2.flip":
        code = int_value(call_arg(call, 1, "flipCode"))
        if code is None:
            return None
        axes = (0,) if code == 0 else (1,) if code > 0 else (0, 1)
        return target, (lambda n: ax.flip(n, axes))
    if name in TRANSPARENT_FUNCS and not isinstance(target, (cst.List, cst.Tuple)):
        return target, AxisMap.identity
    return None


def _method_step(call: cst.Call, method: str) -> tuple[cst.BaseExpression, MapMaker] | None:
    assert isinstance(call.func, cst.Attribute)
    target = call.func.value
    positional = [a.value for a in call.args if a.keyword is None]
    args = [int_value(a) for a in positional]
    if len(positional) == 1 and method in ("transpose", "permute", "flip"):
        # ``w.transpose((1, 0, 3, 2))`` spells the same permutation as the varargs form
        spelled = int_tuple(positional[0])
        if spelled is not None:
            args = list(spelled)
    if method in TRANSPARENT_METHODS:
        return target, AxisMap.identity
    if method == "t" and not args:
        return target, (lambda n: ax.transpose(n, None))
    if method == "transpose" and all(a is not None for a in args):
        perm = tuple(a for a in args if a is not None)
        if not perm:
            return target, (lambda n: ax.transpose(n, None))
        if len(perm) == 2:
            return target, (lambda n: ax.swap(n, perm[0], perm[1]))
        return target, (lambda n: ax.transpose(n, perm))
    if method == "swapaxes" and len(args) == 2 and None not in args:
        return target, (lambda n: ax.swap(n, args[0], args[1]))  # type: ignore[arg-type]
    if method == "permute" and args and None not in args:
        return target, (lambda n: ax.transpose(n, tuple(args)))  # type: ignore[arg-type]
    if method == "flip" and args and None not in args:
        return target, (lambda n: ax.flip(n, tuple(args)))  # type: ignore[arg-type]
    return None


def axis_map_of_step(
    node: cst.BaseExpression, scope: Scope
) -> tuple[cst.BaseExpression, MapMaker] | None:
    """If ``node`` is one flip/transpose/turn of an inner expression: (inner, map maker)."""
    if isinstance(node, cst.Subscript):
        make = _slice_step(node) or _index_step(node, scope)
        return (node.value, make) if make is not None else None
    if isinstance(node, cst.Attribute) and node.attr.value in ("T", "mT"):
        if node.attr.value == "T":
            return node.value, (lambda n: ax.transpose(n, None))
        return node.value, (lambda n: ax.swap(n, -2, -1))
    if isinstance(node, cst.Call):
        return _call_step(node, scope)
    return None


def _is_identity(make: MapMaker) -> bool:
    """True for the no-op step (``.copy()``, ``np.asarray``).

    ``AxisMap.identity`` is a classmethod, so every attribute access makes a new bound
    method: identity must be tested with ``==``, never ``is``.
    """
    return make == AxisMap.identity


@dataclass
class KernelView:
    """An expression seen as (steps applied to) a base array."""

    expr: cst.BaseExpression
    base: cst.BaseExpression
    scope: Scope
    steps: list[tuple[cst.BaseExpression, MapMaker]] = field(default_factory=list)
    origin: cst.BaseExpression | None = None  # what the base name was assigned from
    followed: bool = False  # a step came through an assignment

    @property
    def key(self) -> str | None:
        return expr_key(self.base)

    @property
    def has_steps(self) -> bool:
        return any(not _is_identity(make) for _, make in self.steps)

    @property
    def outer_step(self) -> cst.BaseExpression | None:
        """The outermost transform node (what a fix replaces)."""
        real = [node for node, make in self.steps if not _is_identity(make)]
        return real[0] if real else None

    def axis_map(self, ndim: int) -> AxisMap | None:
        result = AxisMap.identity(ndim)
        for _, make in reversed(self.steps):
            step = make(ndim)
            if step is None:
                return None
            result = result.then(step)
        return result

    def turn(self, ndim: int, spatial: tuple[int, int] | None = None) -> Turn | None:
        """The effect of the steps on the two spatial axes (default: the last two)."""
        if ndim == 1:
            m = self.axis_map(1)
            if m is None:
                return None
            return Turn.ROT180 if m.rev[0] else Turn.IDENTITY
        m = self.axis_map(ndim)
        if m is None:
            return None
        return m.restricted(spatial or (ndim - 2, ndim - 1))

    def literal(self) -> Literal | None:
        """The folded value of the base array, if it is a literal."""
        return fold(self.origin if self.origin is not None else self.base, self.scope)

    def ndim(self) -> int | None:
        """The base array's rank when the code shows it (literal or shape argument)."""
        lit = self.literal()
        if lit is not None:
            return lit.ndim
        return shape_rank(self.origin if self.origin is not None else self.base, self.scope)

    def is_symmetric(self) -> bool:
        """True when the base kernel provably equals its own 180-degree rotation."""
        lit = self.literal()
        if lit is not None:
            return lit.is_rot180_symmetric()
        origin = self.origin if self.origin is not None else self.base
        if isinstance(origin, cst.Call) and _symmetric_ctor(origin, self.scope):
            return True
        return rot180_parity(origin, self.scope) == EVEN


def _symmetric_ctor(call: cst.Call, scope: Scope) -> bool:
    name = scope.resolve(call.func)
    if rot180_parity(call, scope) == EVEN:
        return True
    if name == "numpy.outer":
        u, v = call_arg(call, 0, None), call_arg(call, 1, None)
        if u is None or v is None:
            return False
        return kernel_view(u, scope).is_symmetric() and kernel_view(v, scope).is_symmetric()
    return False


def shape_rank(node: cst.BaseExpression | None, scope: Scope) -> int | None:
    """The rank of an array built by a call with a visible shape (``rand(3, 3)``)."""
    if not isinstance(node, cst.Call):
        return None
    name = scope.resolve(node.func)
    style = _SHAPE_FUNCS.get(name or "")
    if style is None and isinstance(node.func, cst.Attribute):
        method = node.func.attr.value
        if method == "reshape":
            args = [a for a in node.args if a.keyword is None]
            if len(args) == 1:
                shape = int_tuple(args[0].value)
                return len(shape) if shape is not None else _tuple_len(args[0].value)
            return len(args) or None
        style = _RNG_METHODS.get(method) if name is None else None
    if style == "varargs":
        args = [a for a in node.args if a.keyword is None]
        if len(args) == 1 and isinstance(args[0].value, (cst.Tuple, cst.List)):
            return len(args[0].value.elements)
        return len(args) or None
    if style == "shape":
        return _tuple_len(call_arg(node, 0, "shape") or call_arg(node, None, "size"))
    if style == "size":
        return _tuple_len(call_arg(node, None, "size") or call_arg(node, 2, None))
    return None


def _tuple_len(node: cst.BaseExpression | None) -> int | None:
    if isinstance(node, (cst.Tuple, cst.List)):
        return len(node.elements)
    if node is not None and int_value(node) is not None:
        return 1
    return None


def kernel_view(expr: cst.BaseExpression, scope: Scope, _depth: int = 0) -> KernelView:
    """Peel flips/transposes off ``expr``, following single assignments of names."""
    view = KernelView(expr=expr, base=expr, scope=scope)
    node = expr
    for _ in range(16):
        step = axis_map_of_step(node, scope)
        if step is not None:
            view.steps.append((node, step[1]))
            node = step[0]
            continue
        if isinstance(node, cst.Name):
            bindings = scope.lookup(node.value)
            if (
                len(bindings) == 1
                and bindings[0].kind == "assign"
                and bindings[0].value is not None
            ):
                value = bindings[0].value
                if axis_map_of_step(value, scope) is not None:
                    view.followed = True
                    node = value
                    continue
                view.origin = value
        break
    view.base = node
    return view
