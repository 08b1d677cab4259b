"""Value forms: the small rules for how values combine, shared by the evaluator.

How an index turns a stack into an item and a bounded slice into a window, how a
window times a kernel becomes a product and a summed product a filter, how tuples
unpack, and how conversions keep what an array is.  Pure functions of values and
syntax; the evaluator (:mod:`.evaluate`) decides when to call them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import libcst as cst

from ..analysis import apis
from ..analysis import axes as ax
from ..analysis.axes import AxisMap
from ..analysis.exprs import (
    accumulated_term,
    dotted,
    elements_of,
    index_parts,
    int_value,
    reshape_args,
    string_value,
)
from ..analysis.model import Binding
from .values import (
    IDENTITY2,
    ROT180,
    UNKNOWN,
    Arr,
    Filt,
    Kind,
    Origin,
    Prod,
    Step,
    Tup,
    Value,
    Win,
)

MAX_VALUES = 8  # candidates kept per expression


def is_identity_step(make) -> bool:
    return make == AxisMap.identity


def inverse(m: AxisMap | None) -> AxisMap | None:
    """The signed permutation undoing ``m``."""
    if m is None:
        return None
    src = [0] * m.ndim
    rev = [False] * m.ndim
    for i, j in enumerate(m.src):
        src[j] = i
        rev[j] = m.rev[i]
    return AxisMap(tuple(src), tuple(rev))


def dedupe(values: list[Value]) -> tuple[Value, ...]:
    out: list[Value] = []
    seen: set = set()
    for value in values:
        key = value if not isinstance(value, Filt) else ("filt", value.ident, value.kernel)
        try:
            if key in seen:
                continue
            seen.add(key)
        except TypeError:
            pass
        out.append(value)
    informative = [v for v in out if v is not UNKNOWN]
    if informative:
        out = informative
    return tuple(out[:MAX_VALUES])


def dtype_of(node: cst.BaseExpression | None) -> str | None:
    """The numpy kind letter a dtype argument names (``float``, ``np.int32``, ``'c8'``)."""
    if node is None:
        return None
    text = string_value(node) or dotted(node) or ""
    name = text.rsplit(".", 1)[-1].lower()
    return apis.dtype_kind(name)


# -- helpers on values ----------------------------------------------------------------
@dataclass(frozen=True)
class IndexShape:
    window: bool  # some element is a bounded slice: a window
    index_key: str | None  # the spelling of plain indices (``f,c``) for items of stacks
    count: int  # how many leading axes plain indices take
    item: int | None  # a single integer index (for tuples)
    rank: int | None = None  # how many axes a window keeps (slices), None with an ellipsis
    new_axes: int = 0  # leading ``None``/``np.newaxis`` entries before full slices only
    mixed_key: str | None = None  # ``0,:,:,0``: plain indices between full slices


def index_shape(node: cst.Subscript) -> IndexShape:
    window = False
    keys: list[str] = []
    simple = True
    slices = 0
    ellipsis = False
    new_axes = 0
    spelled: list[str] = []
    expansion = True  # only new axes, full slices and an ellipsis so far
    for element in elements_of(node):
        index = element.slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.Ellipsis):
            ellipsis = True
            continue
        if isinstance(index, cst.Index) and (dotted(index.value) or "").endswith(
            ("None", "newaxis")
        ):
            new_axes += 1
            continue
        full = isinstance(index, cst.Slice) and index.lower is index.upper is index.step is None
        expansion = expansion and full
        spelled.append(":" if full else "?")
        if isinstance(index, cst.Slice):
            slices += 1
            if index.step is not None:
                simple = False
            if index.lower is not None or index.upper is not None:
                window = True
            continue
        value = index.value
        key = dotted(value) or (str(int_value(value)) if int_value(value) is not None else None)
        if key is None:
            simple = False
            key = "?"
        keys.append(key)
        spelled[-1] = key
    single = (
        int_value(elements_of(node)[0].slice.value)
        if (len(elements_of(node)) == 1 and isinstance(elements_of(node)[0].slice, cst.Index))
        else None
    )
    only_indices = all(isinstance(e.slice, cst.Index) for e in elements_of(node))
    return IndexShape(
        window and simple,
        ",".join(keys) if only_indices and simple else None,
        len(keys),
        single,
        None if ellipsis else slices,
        new_axes if expansion and not ellipsis else 0,
        ",".join(spelled) if simple and not window and "?" not in spelled else None,
    )


def expanded(value: Arr, count: int) -> Arr:
    """``k[None, None]``, ``k.unsqueeze(0)``: the same array with ``count`` new leading axes."""
    steps: tuple[Step, ...] = ()
    if value.steps:
        inner = value

        def make(rank: int, inner: Arr = inner, count: int = count) -> AxisMap | None:
            if rank <= count:
                return None
            m = inner.axis_map(rank - count)
            if m is None:
                return None
            return AxisMap(
                (*range(count), *(s + count for s in m.src)), (*(False,) * count, *m.rev)
            )

        steps = (Step.of(make, value.steps[0].node),)
    ndim = value.ndim + count if value.ndim is not None else None
    return replace(value, steps=steps, ndim=ndim, literal=None, unit_lead=value.unit_lead + count)


def indexed(value: Arr, key: str, count: int) -> Arr:
    """An item of a stack (``W[f]``, a loop variable over ``W``).

    The stack's steps stay on the item, lifted over the ``count`` indexed axes (see
    :meth:`~.values.Arr.stack_map`), so a flip of the stack's own axes is still known.
    """
    steps = tuple(step.lifted(count) for step in value.steps)
    ndim = value.ndim - count if value.ndim is not None and value.ndim >= count else None
    return Arr(value.origin.item(key), steps, ndim, value.dtype, value.conj, None, False)


def stacked(value: Value) -> Value:
    """One element of a stack built from elements (a comprehension, ``np.stack``).

    The stack's items are the elements: their steps act on the trailing axes only.
    The elements of a loop over an array, stacked again (``np.array([f(k) for k in
    K])``), are that array, item by item: indexing the stack names the same items.
    """
    if isinstance(value, Filt):
        return value.as_part()
    if not isinstance(value, Arr):
        return value
    origin = value.origin
    every_item = origin.kind == "item" and origin.index == "*" and origin.parent is not None
    if value.steps:
        out = expanded(value, 1)
        return replace(out, origin=origin.parent) if every_item else out
    if every_item:
        ndim = value.ndim + 1 if value.ndim is not None else None
        return replace(value, origin=origin.parent, ndim=ndim, literal=None)
    return value


def unpack(values: list[Value], path: tuple[int, ...]) -> list[Value]:
    for position in path:
        nxt: list[Value] = []
        for value in values:
            if isinstance(value, Tup):
                if position < len(value.items):
                    nxt.extend(value.items[position])
            elif isinstance(value, Arr):
                nxt.append(indexed(value, str(position), 1))
            elif isinstance(value, Filt):
                nxt.append(value.as_part())
        values = nxt
    return values


def as_part(value: Value) -> Value:
    return value.as_part() if isinstance(value, Filt) else value


def reshaped(node: cst.Call) -> tuple[int, ...] | None:
    """The shape ``x.reshape(4, 4)`` or ``x.reshape((4, 4))`` spells, when it is literal
    and has no ``-1`` to infer."""
    shape = reshape_args(node)
    return None if shape is None or any(n < 0 for n in shape) else shape


def rounded(value: Value) -> Value:
    """``np.rint(v)``: a filter's output rounded to integers (an array stays itself)."""
    if isinstance(value, Filt):
        return replace(value.as_part(), rounded=True)
    return value


def conj(value: Value) -> Value:
    if isinstance(value, Prod):
        value = prod_array(value)  # conjugating a product makes an array of it
    if isinstance(value, Arr):
        return replace(value, conj=not value.conj)
    return value


def flat(value: Value) -> Value:
    if isinstance(value, Arr):
        return replace(value, flat=True)
    if isinstance(value, Win):
        return replace(value, flat=True)
    if isinstance(value, Filt):
        return value.as_part()
    return value


def window_kernel(x: Value, y: Value) -> tuple[Win, Arr] | None:
    if isinstance(x, Win) and isinstance(y, Arr):
        return x, y
    if isinstance(y, Win) and isinstance(x, Arr):
        return y, x
    return None


def prod_array(prod: Prod) -> Arr:
    """An unsummed product of a crop and an array, used as an array itself: ``chip =
    master[9:15, 5:11] * phase`` is a new array (named by that product), not a window."""
    image = prod.window.image
    kinds = {image.dtype if isinstance(image, Arr) else None, prod.kernel.dtype}
    dtype = next((k for k in ("c", "f") if k in kinds), None)
    rank = prod.window.rank or prod.kernel.ndim
    return Arr(Origin("expr", (id(prod.node),)), ndim=rank, dtype=dtype, node=prod.node)


def multiply(x: Value, y: Value, node) -> Value:
    if isinstance(x, Prod) and isinstance(y, (Win, Arr)):
        x = prod_array(x)
    elif isinstance(y, Prod) and isinstance(x, (Win, Arr)):
        y = prod_array(y)
    pair = window_kernel(x, y)
    if pair is not None:
        return Prod(pair[0], pair[1], node)
    if x is UNKNOWN and isinstance(y, (Arr, Win, Prod)):
        return y  # a scalar factor keeps what the array is
    if y is UNKNOWN and isinstance(x, (Arr, Win, Prod)):
        return x
    if isinstance(x, Filt) and not isinstance(y, Filt):
        return x.as_part()
    if isinstance(y, Filt) and not isinstance(x, Filt):
        return y.as_part()
    return UNKNOWN


def full_when_padded(filt: Filt) -> Filt:
    """A 'valid' pass (a window sum's too) of an image padded by its own kernel's size
    minus one on every side is the 'full' pass of the unpadded image (semantics.md F4: the
    input gradient ``xcorr(np.pad(dy, k - 1), rot180(k))``)."""
    image = filt.image
    if not isinstance(image, Arr) or image.full_pad is None or filt.mode not in (None, "valid"):
        return filt
    if image.full_pad.root() != filt.kernel.origin.root():
        return filt
    return replace(filt, image=replace(image, full_pad=None), mode="full")


def window_filter(prod: Prod, node: cst.CSTNode, kind: Kind) -> Filt:
    window, kernel = prod.window, prod.kernel
    rank = kernel.ndim or window.rank or 2
    kernel_map = kernel.spatial_map(rank)
    window_map = IDENTITY2
    if window.steps:
        window_map = Arr(Origin("window", ()), window.steps).spatial_map(window.rank or 2)
    kmap = None
    if kernel_map is not None and window_map is not None:
        kmap = kernel_map.then(inverse(window_map))
    made = Filt(
        kind,
        window.image,
        kernel.base(),
        kmap,
        node,
        None,
        kernel,
        None,
        kernel.conj,
        False,
        id(node),
        window,
    )
    return full_when_padded(made)


def einsum_kernel(kernel: Arr, win: str, ker: str, output: str, node) -> Arr | None:
    """The kernel as the window sees it: ``'ij,ji->'`` transposes it."""
    contracted = [c for c in win if c in ker and c not in output]
    if len(contracted) < 1:
        return None
    spatial = [c for c in win if c in contracted][-2:]
    if len(spatial) == 1:
        return kernel
    positions = [ker.index(c) for c in spatial]
    if len(ker) > 2 and sorted(positions) != [len(ker) - 2, len(ker) - 1]:
        # ``'nhwcij,ijco->nhwo'``: a channel-last weight, its spatial axes in front
        viewed = _spatial_last(kernel, len(ker), sorted(positions))
        if viewed is None:
            return None
        kernel = viewed
        positions = [len(ker) - 2, len(ker) - 1][:: 1 if positions == sorted(positions) else -1]
    elif kernel.ndim is None and sorted(positions) == [len(ker) - 2, len(ker) - 1]:
        # the spec spells every axis of the kernel (no ellipsis) and its spatial axes
        # are the last two: its rank is known, so flips of a weight stack compose exactly
        kernel = replace(kernel, ndim=len(ker))
    if positions == sorted(positions):
        return kernel
    return kernel.with_step(Step.of(lambda n: ax.swap(n, -2, -1), node))


def _spatial_last(kernel: Arr, rank: int, spatial: list[int]) -> Arr | None:
    """``kernel`` seen with its ``spatial`` axes moved behind the others (where every
    rule looks for them): its own steps are rewritten for that order, not added to.
    None when a step cannot be rewritten (written on a stack, or at an unknown rank)."""
    if kernel.ndim not in (None, rank) or any(step.lift for step in kernel.steps):
        return None
    order = ax.transpose(rank, (*(i for i in range(rank) if i not in spatial), *spatial))
    back = inverse(order)
    assert order is not None and back is not None
    steps = []
    for step in kernel.steps:
        written = step.make(rank)
        if written is None:
            return None
        seen = back.then(written).then(order)
        steps.append(replace(step, make=lambda n, m=seen: m if n == rank else None))
    return replace(
        kernel, steps=tuple(steps), ndim=rank, literal=None, shape=None, written_axes=order.src
    )


def literal_kind(values) -> str:
    if any(isinstance(v, complex) for v in values):
        return "c"
    if any(isinstance(v, float) for v in values):
        return "f"
    return "i"


def adds(binding: Binding) -> bool:
    """True when an augmented assignment accumulates (``+=``, ``t = t + P``), not
    updates (``-=``)."""
    small = assignment_of(binding)
    return small is not None and accumulated_term(small) is binding.value


def is_position(value: Value) -> bool:
    """An entry picked by loop positions (``dy[i, j]``): a scalar, not a kernel."""
    return (
        isinstance(value, Arr)
        and value.origin.kind == "item"
        and value.origin.parent is not None
        and value.origin.index.count(",") >= 1
        and value.ndim in (0, None)
    )


def _positions_base(value: Arr) -> Arr:
    """``dy`` for ``dy[i, j]``; ``dy[f]`` for ``dy[f, i, j]`` (the last two are positions)."""
    assert value.origin.parent is not None
    keys = value.origin.index.split(",")
    origin = value.origin.parent
    if len(keys) > 2:
        origin = origin.item(",".join(keys[:-2]))
    return Arr(origin, (), None, value.dtype, value.conj)


def accumulated_window(prod: Prod, node: cst.CSTNode) -> Filt | None:
    """``dw += dy[i, j] * x[i:i+kh, j:j+kw]`` over the loops: ``xcorr(x, dy)``."""
    if not is_position(prod.kernel):
        return None
    window = prod.window
    window_map = IDENTITY2
    if window.steps:
        window_map = Arr(Origin("window", ()), window.steps).spatial_map(window.rank or 2)
    kmap = None if window_map is None else inverse(window_map)
    kernel = _positions_base(prod.kernel)
    return Filt(
        Kind.LOOP, window.image, kernel, kmap, node, None, kernel, "valid", False, True, id(node)
    )


def scatter_filter(position: Arr, kernel: Arr, node: cst.CSTNode) -> Filt:
    """``dx[i:i+kh, j:j+kw] += dy[i, j] * k`` over the loops: ``conv(dy, k, 'full')``.

    Each entry of ``dy`` adds a copy of ``k`` at its position, which is the full
    convolution of ``dy`` with ``k``, the cross-correlation with ``k`` rotated by 180
    degrees (semantics.md F4: the scatter is the adjoint of the window gather).
    """
    image = _positions_base(position)
    steps = kernel.spatial_map(kernel.ndim or 2)
    kmap = None if steps is None else steps.then(ROT180)
    return Filt(
        Kind.LOOP,
        image,
        kernel.base(),
        kmap,
        node,
        None,
        kernel,
        "full",
        kernel.conj,
        True,
        id(node),
    )


def assignment_of(binding: Binding) -> cst.BaseSmallStatement | None:
    """The ``Assign``/``AugAssign`` statement that made ``binding``."""
    body = getattr(binding.statement, "body", ())
    if isinstance(body, (list, tuple)):
        for small in body:
            if not isinstance(small, (cst.Assign, cst.AugAssign)):
                continue
            if small.value is binding.value or accumulated_term(small) is binding.value:
                return small
    return None


def product_operands(node: cst.BaseExpression, scope) -> tuple[cst.BaseExpression, ...] | None:
    """The two factors of ``a * b`` or ``np.multiply(a, b)``."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        return node.left, node.right
    if isinstance(node, cst.Call) and scope.resolve(node.func) in apis.PRODUCT_CALLS:
        args = [a.value for a in node.args if a.keyword is None]
        if len(args) == 2:
            return args[0], args[1]
    return None


def _counter(
    node: cst.BaseExpression, ends: frozenset[str] = frozenset()
) -> tuple[str, bool] | None:
    """``i`` -> (i, False); ``n - 1 - i``, ``n - i - 1``, ``-1 - i``, ``~i`` -> (i, True);
    ``last - i`` too when ``last`` is one of ``ends`` (names that hold a last index)."""
    if isinstance(node, cst.Name):
        return node.value, False
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.BitInvert):
        inner = node.expression
        return (inner.value, True) if isinstance(inner, cst.Name) else None
    if not isinstance(node, cst.BinaryOperation) or not isinstance(node.operator, cst.Subtract):
        return None
    left, right = node.left, node.right
    # n - 1 - i  /  -1 - i  /  last - i
    if isinstance(right, cst.Name) and (
        _minus_one_or_end(left) or (isinstance(left, cst.Name) and left.value in ends)
    ):
        return right.value, True
    # n - i - 1
    if (
        _is_one(right)
        and isinstance(left, cst.BinaryOperation)
        and isinstance(left.operator, cst.Subtract)
        and isinstance(left.right, cst.Name)
    ):
        return left.right.value, True
    # n - (i + 1)
    if (
        isinstance(right, cst.BinaryOperation)
        and isinstance(right.operator, cst.Add)
        and isinstance(right.left, cst.Name)
        and _is_one(right.right)
    ):
        return right.left.value, True
    return None


def _is_one(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer) and node.value == "1"


def last_index_names(scope) -> frozenset[str]:
    """Names every binding of which in ``scope`` is a last index (``last = n - 1``)."""
    return frozenset(
        name
        for name, bindings in scope.bindings.items()
        if bindings
        and all(
            b.kind == "assign" and b.value is not None and _minus_one_or_end(b.value)
            for b in bindings
        )
    )


def _minus_one_or_end(node: cst.BaseExpression) -> bool:
    """``-1`` or ``<size> - 1``: the last index."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        return _is_one(node.expression)
    return (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Subtract)
        and _is_one(node.right)
    )


def element_move(
    target: cst.BaseExpression, value: cst.BaseExpression, ends: frozenset[str] = frozenset()
):
    """``out[i][j] = k[n - 1 - i][m - 1 - j]``: (the axis map from ``k`` to ``out``, ``k``).

    Each target index and source index is a loop counter, plain or counted from the end
    (``ends``: names holding a last index, ``last = n - 1``); the counters pair the axes
    (``out[last - j, i] = k[i, j]`` is a quarter turn).  None for anything else.
    """
    left, right = index_parts(target), index_parts(value)
    if left is None or right is None:
        return None
    tgt = [_counter(e, ends) for e in left[1]]
    src = [_counter(e, ends) for e in right[1]]
    if len(tgt) != len(src) or None in tgt or None in src:
        return None
    src_axis = {name: (axis, rev) for axis, (name, rev) in enumerate(src)}  # type: ignore[misc]
    names = [name for name, _ in tgt]  # type: ignore[misc]
    if len(set(names)) != len(names) or set(names) != set(src_axis):
        return None
    axes, flags = [], []
    for name, rev in tgt:  # type: ignore[misc]
        axis, source_rev = src_axis[name]
        axes.append(axis)
        flags.append(rev != source_rev)
    m = AxisMap(tuple(axes), tuple(flags))
    if m == AxisMap.identity(len(axes)):
        return None  # a plain copy
    return m, right[0]
