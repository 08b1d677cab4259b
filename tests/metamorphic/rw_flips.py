"""Flip spellings: the same axis reversal, transpose or quarter turn written differently.

A reversal of a set of axes has many spellings (``k[::-1, ::-1]``, ``np.flip(k, (0, 1))``,
``np.rot90(k, 2)``, ``np.flipud(np.fliplr(k))``, ``np.flip(k)`` on a 2-D array); so does
a reversal of one axis, the malformed "rotation" (``k[::-1]``, ``np.flipud(k)``,
``np.flip(k, 0)``).  Each target rewrite turns every recognised reversal it can express
into its own spelling, so a rule that understands one spelling is tested on all of them.
Transposes (``k.T`` / ``np.transpose(k)``) and quarter turns (``np.rot90(k)`` /
``np.rot90(k, 1)`` / ``np.rot90(k, -3)``) map among their own spellings only.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from .base import Context, Rewrite, numpy_alias, rewrite_expressions
from .sites import (
    TWO_D_CALLS,
    arg,
    atom,
    attr,
    bare,
    call,
    call_args,
    conv_qualname,
    int_node,
    int_tuple,
    int_value,
    kernel_image_args,
    shape_2d,
    tuple_node,
    walk,
)

_NOT_ARRAY_ATTRS = frozenset({"shape", "strides", "size", "ndim", "dtype"})
_SEQUENCE_CALLS = frozenset({"list", "tuple", "sorted", "range", "str", "reversed", "zip"})


@dataclass(frozen=True)
class Reversal:
    """``operand`` with ``axes`` reversed (None: every axis, as ``np.flip(k)``)."""

    operand: cst.BaseExpression
    axes: tuple[int, ...] | None


class Facts:
    """What the flip rewrites need to know about the file."""

    def __init__(self, context: Context) -> None:
        self.imports = context.imports
        self.two_d: set[str] = set()
        self.sequences: set[str] = set()
        for node in walk(context.module):
            if isinstance(node, cst.Assign):
                names = [t.target.value for t in node.targets if isinstance(t.target, cst.Name)]
                if shape_2d(node.value, self.imports):
                    self.two_d.update(names)
                if _is_sequence(node.value):
                    self.sequences.update(names)
            name = conv_qualname(node, self.imports)
            if name in TWO_D_CALLS:
                for a in kernel_image_args(node, name):
                    value = bare(a.value)
                    found = reversal(value, self)
                    value = found.operand if found else value
                    if isinstance(value, cst.Name):
                        self.two_d.add(value.value)

    def array_operand(self, node: cst.BaseExpression) -> bool:
        """Whether ``x[::-1]`` on ``node`` reverses an array (not a tuple, list or str)."""
        node = bare(node)
        if isinstance(node, cst.Attribute) and node.attr.value in _NOT_ARRAY_ATTRS:
            return False
        if _is_sequence(node):
            return False
        return not (isinstance(node, cst.Name) and node.value in self.sequences)


def _is_sequence(node: cst.BaseExpression) -> bool:
    node = bare(node)
    if isinstance(
        node,
        (
            cst.List,
            cst.Tuple,
            cst.ListComp,
            cst.SimpleString,
            cst.ConcatenatedString,
            cst.FormattedString,
        ),
    ):
        return True
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in _SEQUENCE_CALLS
    )


def _slice_reversal(node: cst.Subscript, facts: Facts) -> Reversal | None:
    axes = []
    for i, element in enumerate(node.slice):
        index = element.slice
        if not isinstance(index, cst.Slice) or index.lower is not None or index.upper is not None:
            return None
        if index.step is None:
            continue
        if int_value(index.step) != -1:
            return None
        axes.append(i)
    if not axes:
        return None
    if len(node.slice) == 1 and not facts.array_operand(node.value):
        return None
    return Reversal(node.value, tuple(axes))


def _compose(inner: Reversal | None, operand, axes) -> Reversal:
    if inner is None or inner.axes is None or axes is None:
        return Reversal(operand, axes)
    if any(a < 0 for a in inner.axes + axes):
        return Reversal(operand, axes)
    return Reversal(inner.operand, tuple(sorted(set(inner.axes) ^ set(axes))))


def reversal(node: cst.BaseExpression, facts: Facts) -> Reversal | None:
    """The axis reversal ``node`` computes, when it is one (composed through nesting)."""
    node = bare(node)
    if isinstance(node, cst.Subscript):
        found = _slice_reversal(node, facts)
        if found is None:
            return None
        return _compose(reversal(found.operand, facts), found.operand, found.axes)
    if not isinstance(node, cst.Call):
        return None
    name = facts.imports.qualify(node.func)
    try:
        pos, kws = call_args(node)
    except ValueError:
        return None
    if not pos:
        return None
    operand = pos[0]
    axes: tuple[int, ...] | None
    if name == "numpy.flip" and len(pos) + len(kws) <= 2 and set(kws) <= {"axis"}:
        spec = pos[1] if len(pos) == 2 else kws.get("axis")
        axes = None if spec is None else int_tuple(spec)
        if spec is not None and axes is None:
            return None
    elif name in ("numpy.flipud", "numpy.fliplr") and len(pos) == 1 and not kws:
        axes = (0,) if name == "numpy.flipud" else (1,)
    elif name == "numpy.rot90" and set(kws) <= {"k", "axes"} and len(pos) <= 2:
        turns = int_value(pos[1] if len(pos) == 2 else kws.get("k"))
        plane = int_tuple(kws["axes"]) if "axes" in kws else (0, 1)
        if turns is None or turns % 4 != 2 or plane is None or len(plane) != 2:
            return None
        axes = plane
    else:
        return None
    if axes is None and isinstance(bare(operand), cst.Name) and bare(operand).value in facts.two_d:
        axes = (0, 1)
    return _compose(reversal(operand, facts), operand, axes)


def _render(target: str, found: Reversal, np_: str) -> cst.BaseExpression | None:
    axes, operand = found.axes, found.operand
    if not axes:
        return None  # every axis of unknown rank, or a no-op chain: left as written
    if target == "slices":
        if any(a < 0 for a in axes):
            return None
        elements = [
            cst.SubscriptElement(
                cst.Slice(None, None, step=int_node(-1)) if i in axes else cst.Slice(None, None),
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                if i < max(axes)
                else cst.MaybeSentinel.DEFAULT,
            )
            for i in range(max(axes) + 1)
        ]
        return cst.Subscript(atom(operand), elements)
    if target == "np-flip":
        spec = int_node(axes[0]) if len(axes) == 1 else tuple_node(axes)
        return call(attr(np_, "flip"), arg(bare(operand)), arg(spec))
    if target == "np-flip-all":
        if axes != (0, 1):
            return None
        return call(attr(np_, "flip"), arg(bare(operand)))
    if target == "rot90":
        if len(axes) != 2:
            return None
        extra = () if axes == (0, 1) else (arg(tuple_node(axes), "axes"),)
        return call(attr(np_, "rot90"), arg(bare(operand)), arg(cst.Integer("2")), *extra)
    if target == "flipud-fliplr":
        if axes == (0,):
            return call(attr(np_, "flipud"), arg(bare(operand)))
        if axes == (1,):
            return call(attr(np_, "fliplr"), arg(bare(operand)))
        if axes == (0, 1):
            inner = call(attr(np_, "fliplr"), arg(bare(operand)))
            return call(attr(np_, "flipud"), arg(inner))
        return None
    raise ValueError(f"target must be one of {', '.join(FLIP_TARGETS)}, got {target!r}")


FLIP_TARGETS = ("slices", "np-flip", "np-flip-all", "rot90", "flipud-fliplr")


def _same_spelling(node: cst.BaseExpression, new: cst.BaseExpression) -> bool:
    return bare(node).deep_equals(bare(new))


def _flip(target: str):
    def transform(context: Context) -> cst.Module | None:
        facts = Facts(context)
        if not any(
            reversal(n, facts) for n in walk(context.module) if isinstance(n, cst.BaseExpression)
        ):
            return None
        np_ = numpy_alias(context)

        def replace(node):
            found = reversal(node, facts)
            if found is None:
                return None
            new = _render(target, found, np_)
            if new is None or _same_spelling(node, new):
                return None
            return new.with_changes(lpar=node.lpar, rpar=node.rpar) if node.lpar else new

        return rewrite_expressions(context, replace)

    return transform


# -- transposes and quarter turns ----------------------------------------------------


def _uses_framework(context: Context) -> bool:
    return any(
        v.split(".")[0] in ("torch", "tensorflow", "jax") for v in context.imports.bound.values()
    )


def _transpose(target: str):
    def transform(context: Context) -> cst.Module | None:
        if _uses_framework(context):
            return None  # ``.T`` on a tensor is not ``np.transpose``
        np_ = context.imports.alias_of("numpy")
        if np_ is None:
            return None

        def replace(node):
            operand = _transposed(node, context)
            if operand is None:
                return None
            if target == "attribute":
                return cst.Attribute(atom(operand), cst.Name("T"))
            return call(attr(np_, "transpose"), arg(bare(operand)))

        return rewrite_expressions(context, replace)

    return transform


def _transposed(node, context: Context):
    if isinstance(node, cst.Attribute) and node.attr.value == "T":
        return node.value
    if isinstance(node, cst.Call) and context.imports.qualify(node.func) == "numpy.transpose":
        if len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star:
            return node.args[0].value
    return None


def _quarter(target: str):
    def transform(context: Context) -> cst.Module | None:
        def replace(node):
            if not isinstance(node, cst.Call):
                return None
            if context.imports.qualify(node.func) != "numpy.rot90":
                return None
            try:
                pos, kws = call_args(node)
            except ValueError:
                return None
            if not pos or len(pos) > 2 or not set(kws) <= {"k", "axes"}:
                return None
            if len(pos) == 2 and "k" in kws:
                return None
            spec = pos[1] if len(pos) == 2 else kws.get("k")
            turns = 1 if spec is None else int_value(spec)
            if turns is None or turns % 4 not in (1, 3):
                return None
            wanted = {
                "default": None if turns % 4 == 1 else -1,
                "positive": turns % 4,
                "negative": turns % 4 - 4,
            }[target]
            args = [arg(bare(pos[0]))]
            if wanted is not None:
                args.append(arg(int_node(wanted)))
            if "axes" in kws:
                args.append(arg(kws["axes"], "axes"))
            return call(node.func, *args)

        return rewrite_expressions(context, replace)

    return transform


# -- torch ------------------------------------------------------------------------------


def _torch_dims(node, context: Context):
    """``(operand, dims)`` of ``torch.flip(k, dims)``, ``k.flip(..)``, ``torch.rot90(k, 2, d)``."""
    if not isinstance(node, cst.Call):
        return None
    try:
        pos, kws = call_args(node)
    except ValueError:
        return None
    name = context.imports.qualify(node.func)
    if name == "torch.flip" and len(pos) + len(kws) == 2 and set(kws) <= {"dims"}:
        dims = int_tuple(pos[1] if len(pos) == 2 else kws["dims"])
        return None if dims is None else (pos[0], dims)
    if name == "torch.rot90" and len(pos) == 3 and not kws and int_value(pos[1]) in (2, -2):
        dims = int_tuple(pos[2])
        return None if dims is None or len(dims) != 2 else (pos[0], dims)
    if name is None and isinstance(node.func, cst.Attribute) and node.func.attr.value == "flip":
        if kws and (set(kws) != {"dims"} or pos):
            return None
        if kws:
            dims = int_tuple(kws["dims"])
        elif len(pos) == 1:
            dims = int_tuple(pos[0])
        else:
            values = [int_value(p) for p in pos]
            dims = None if not values or None in values else tuple(values)
        return None if dims is None else (node.func.value, dims)
    return None


def _torch(target: str):
    def transform(context: Context) -> cst.Module | None:
        torch_ = context.imports.alias_of("torch")
        if torch_ is None:
            return None

        def replace(node):
            found = _torch_dims(node, context)
            if found is None:
                return None
            operand, dims = found
            if target == "function":
                return call(attr(torch_, "flip"), arg(bare(operand)), arg(tuple_node(dims, True)))
            if target == "method":
                return call(
                    cst.Attribute(atom(operand), cst.Name("flip")), *map(arg, map(int_node, dims))
                )
            if len(dims) != 2:
                return None
            rot = (arg(bare(operand)), arg(cst.Integer("2")), arg(tuple_node(dims, True)))
            return call(attr(torch_, "rot90"), *rot)

        return rewrite_expressions(context, replace)

    return transform


REWRITES = (
    *(Rewrite(f"flip-as-{t}", "flip", _flip(t)) for t in FLIP_TARGETS),
    Rewrite("transpose-as-attribute", "flip", _transpose("attribute")),
    Rewrite("transpose-as-function", "flip", _transpose("function")),
    *(
        Rewrite(f"quarter-turn-{t}", "flip", _quarter(t))
        for t in ("default", "positive", "negative")
    ),
    *(Rewrite(f"torch-flip-as-{t}", "flip", _torch(t)) for t in ("function", "method", "rot90")),
)
