"""How a result is used: with its sign, or only through its magnitude.

:func:`result_usage` answers it for an expression: signed (``arctan2``, ``np.sign``,
comparisons with 0, ``argmax``, compared with another computation) or magnitude only
(``np.hypot``, ``abs``, ``** 2``).  Uses are followed through the names the value is
assigned to in the same scope, and cached per scope.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import Enum

import libcst as cst

from .apis import COMPARE_FUNCS
from .exprs import child_nodes, dotted, int_value
from .model import FileFacts, Scope


class Usage(str, Enum):
    """How a value's sign matters where it is used."""

    SIGNED = "signed"  # direction matters: arctan2, sign tests, argmax, compared values
    MAGNITUDE = "magnitude"  # only |value| survives: hypot, abs, squares
    UNKNOWN = "unknown"  # unused, returned, passed elsewhere


_SIGNED_FUNCS = frozenset(
    {
        "numpy.arctan2",
        "numpy.sign",
        "numpy.argmax",
        "numpy.argmin",
        "numpy.signbit",
        "math.atan2",
        "math.copysign",
        "torch.atan2",
        "torch.sign",
        "torch.argmax",
        "torch.argmin",
        *COMPARE_FUNCS,
    }
)
_MAGNITUDE_FUNCS = frozenset(
    {
        "numpy.hypot",
        "numpy.abs",
        "numpy.absolute",
        "numpy.square",
        "numpy.linalg.norm",
        "math.hypot",
        "torch.abs",
        "torch.hypot",
        "torch.square",
    }
)
_SIGNED_METHODS = frozenset({"argmax", "argmin"})
# methods whose result keeps the sign the value had (``dx[mask].mean()``)
_SIGN_KEEPING_METHODS = frozenset({"mean", "sum", "copy", "astype", "ravel", "flatten"})
_TRANSPARENT_FUNCS = frozenset({"numpy.sqrt", "numpy.asarray", "numpy.array", "math.sqrt"})
_MAX_FOLLOW = 3


@dataclass
class _UseIndex:
    """Ancestor chains of every Name (by identifier) and every Call (by id) in a scope."""

    names: dict[str, list[tuple[cst.CSTNode, ...]]]
    calls: dict[int, tuple[cst.CSTNode, ...]]


def _body_of(scope: Scope) -> list[cst.CSTNode]:
    node = scope.node
    if isinstance(node, cst.Module):
        return list(node.body)
    body = getattr(node, "body", None)
    return list(getattr(body, "body", ())) if body is not None else []


def _use_index(scope: Scope) -> _UseIndex:
    cached = scope.__dict__.get("_use_index")
    if cached is not None:
        return cached
    index = _UseIndex({}, {})
    stack: list[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = [(n, ()) for n in _body_of(scope)]
    while stack:
        node, ancestors = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(node, cst.Name):
            index.names.setdefault(node.value, []).append((node, *ancestors))
        elif isinstance(node, cst.Call):
            index.calls[id(node)] = (node, *ancestors)
        chain = (node, *ancestors)
        stack.extend((child, chain) for child in child_nodes(node))
    scope.__dict__["_use_index"] = index
    return index


def _callee(call: cst.Call, scope: Scope) -> str | None:
    resolved = scope.resolve(call.func)
    if resolved is not None:
        return resolved
    if isinstance(call.func, cst.Name) and not scope.lookup(call.func.value):
        return f"builtins.{call.func.value}"
    return None


def _classify_call(call: cst.Call, scope: Scope) -> Usage | None:
    """SIGNED/MAGNITUDE for a call that decides; None to keep walking outwards."""
    name = _callee(call, scope)
    if name in _SIGNED_FUNCS:
        return Usage.SIGNED
    if name in _MAGNITUDE_FUNCS or name == "builtins.abs":
        return Usage.MAGNITUDE
    if name in _TRANSPARENT_FUNCS:
        return None
    return Usage.UNKNOWN


def _classify_binary(node: cst.BinaryOperation, child: cst.CSTNode) -> Usage | None:
    if isinstance(node.operator, cst.Power) and node.left is child:
        return Usage.MAGNITUDE if int_value(node.right) == 2 else Usage.UNKNOWN
    if isinstance(node.operator, cst.Multiply) and _same_expr(node.left, node.right):
        return Usage.MAGNITUDE
    return None


def _same_expr(a: cst.CSTNode, b: cst.CSTNode) -> bool:
    return dotted(a) is not None and dotted(a) == dotted(b)


def _classify_compare(node: cst.Comparison) -> Usage:
    ordering = (cst.LessThan, cst.GreaterThan, cst.LessThanEqual, cst.GreaterThanEqual)
    for target in node.comparisons:
        if isinstance(target.operator, (*ordering, cst.Equal, cst.NotEqual)):
            return Usage.SIGNED
    return Usage.UNKNOWN


def _assigned_names(node: cst.CSTNode) -> list[str]:
    targets: list[cst.BaseExpression] = []
    if isinstance(node, cst.Assign):
        targets = [t.target for t in node.targets]
    elif isinstance(node, (cst.AugAssign, cst.AnnAssign)):
        targets = [node.target]
    names: list[str] = []
    for target in targets:
        if isinstance(target, cst.Name):
            names.append(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            # ``gx, gy = gradients(img)``: the unpacked items (which one holds the value
            # is not tracked; a sign used on any of them counts)
            names += [e.value.value for e in target.elements if isinstance(e.value, cst.Name)]
    return names


def _classify_chain(chain: tuple[cst.CSTNode, ...], scope: Scope, depth: int, seen: set[str]):
    """Walk from a node outwards until some ancestor decides how the value is used."""
    for child, parent in itertools.pairwise(chain):
        if isinstance(parent, (cst.AssignTarget, cst.For, cst.CompFor)) and child is not getattr(
            parent, "iter", None
        ):
            return []  # a binding of the name, not a use
        if isinstance(parent, (cst.Arg, cst.Subscript, cst.SubscriptElement, cst.Index)):
            if isinstance(parent, cst.Subscript) and parent.value is not child:
                return [Usage.UNKNOWN]  # used as an index
            continue
        if isinstance(parent, cst.Attribute):
            attr = parent.attr.value
            if attr in _SIGN_KEEPING_METHODS and parent.value is child:
                continue  # the method's call is the value walked outwards from
            return [Usage.SIGNED if attr in _SIGNED_METHODS else Usage.UNKNOWN]
        if isinstance(parent, cst.Call) and parent.func is child:
            continue  # ``x.mean()`` after ``x.mean``
        if isinstance(parent, cst.Call):
            decided = _classify_call(parent, scope)
            if decided is not None:
                return [decided]
            continue
        if isinstance(parent, cst.BinaryOperation):
            decided = _classify_binary(parent, child)
            if decided is not None:
                return [decided]
            continue
        if isinstance(parent, cst.UnaryOperation):
            continue
        if isinstance(parent, (cst.Element, cst.Tuple, cst.List)):
            continue  # ``gx, gy = f(a), f(b)``: the items the target names unpack
        if isinstance(parent, cst.ComparisonTarget):
            continue
        if isinstance(parent, cst.Comparison):
            return [_classify_compare(parent)]
        if isinstance(parent, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
            if getattr(parent, "value", None) is not child:
                return []  # the name is a target here, not a use
            return _follow(_assigned_names(parent), scope, depth + 1, seen)
        return [Usage.UNKNOWN]
    return [Usage.UNKNOWN]


def _follow(names: list[str], scope: Scope, depth: int, seen: set[str]) -> list[Usage]:
    if not names or depth > _MAX_FOLLOW:
        return [Usage.UNKNOWN]
    out: list[Usage] = []
    index = _use_index(scope)
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        for chain in index.names.get(name, []):
            out.extend(_classify_chain(chain, scope, depth, seen))
    return out


def _combine(usages: list[Usage]) -> Usage:
    if Usage.SIGNED in usages:
        return Usage.SIGNED
    if usages and all(u is Usage.MAGNITUDE for u in usages):
        return Usage.MAGNITUDE
    return Usage.UNKNOWN


def result_usage(node: cst.CSTNode, scope: Scope, facts: FileFacts) -> Usage:
    """How the value of ``node`` (a call in ``scope``, or a local name) is used.

    SIGNED when any use depends on the sign (even if others take the magnitude),
    MAGNITUDE when every use discards it, UNKNOWN when the value leaves the scope or
    its uses say nothing.
    """
    cache: dict[int, Usage] = facts.__dict__.setdefault("_usage_cache", {})
    if id(node) in cache:
        return cache[id(node)]
    index = _use_index(scope)
    if isinstance(node, cst.Name):
        usages = _follow([node.value], scope, 0, set())
    else:
        chain = index.calls.get(id(node))
        usages = _classify_chain(chain, scope, 0, set()) if chain else [Usage.UNKNOWN]
    result = _combine(usages)
    cache[id(node)] = result
    return result
