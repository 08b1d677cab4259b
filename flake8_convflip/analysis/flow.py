"""Where values come from and which values the code compares.

``provenance(expr, scope)`` follows names (every binding, including ``out[i, j] = ...``
and ``acc += ...``) and calls of the file's own functions back to the API calls and
hand-rolled windows that compute a value.  ``comparisons(scope)`` lists the groups of
expressions a scope checks against each other: ``assert a == b``, ``np.allclose``,
``np.testing.assert_*``, ``abs(a - b)``/``norm(a - b)``, and values printed side by
side.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import libcst as cst

from .apis import COMPARE_FUNCS, DIFFERENCE_REDUCERS
from .exprs import dotted, expr_key, walk
from .model import ApiCall, FileFacts, Scope
from .windows import Window

_DIFF_REDUCERS = DIFFERENCE_REDUCERS


@dataclass(frozen=True)
class Source:
    """A computation a value comes from, with the caller's names for the helper's params."""

    item: ApiCall | Window
    params: tuple[tuple[str, str | None], ...] = ()  # helper param -> caller expr key

    def key(self, local_key: str | None) -> str | None:
        """Translate a key in the computation's scope into the comparing scope."""
        for param, caller in self.params:
            if local_key == param:
                return caller
        return local_key


@dataclass
class Comparison:
    """Expressions a scope checks against each other, and the node that does it."""

    node: cst.CSTNode
    sides: list[cst.BaseExpression]
    kind: str  # "assert", "compare-call", "difference", "print"
    scope: Scope
    sources: list[list[Source]] | None = None  # per side, filled by compared_sources


@dataclass
class _Index:
    api: dict[int, ApiCall] = field(default_factory=dict)
    windows: dict[int, Window] = field(default_factory=dict)


def _index(facts: FileFacts) -> _Index:
    cached = facts.cache.get("flow_index")
    if cached is not None:
        return cached
    index = _Index()
    for call in facts.api_calls():
        index.api[id(call.node)] = call
    for window in facts.windows():
        index.windows[id(window.node)] = window
        if window.accumulation is not None:
            index.windows[id(window.accumulation.term)] = window
    facts.cache["flow_index"] = index
    return index


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    return walk(node)


def _local_function(call: cst.Call, facts: FileFacts) -> Scope | None:
    func = call.func
    if isinstance(func, cst.Name):
        return facts.functions.get(func.value)
    if isinstance(func, cst.Attribute) and dotted(func.value) in ("self", "cls"):
        return facts.functions.get(func.attr.value)
    return None


def _param_map(call: cst.Call, function: Scope) -> tuple[tuple[str, str | None], ...]:
    params = list(function.params)
    if params and params[0] in ("self", "cls") and isinstance(call.func, cst.Attribute):
        params = params[1:]
    out: list[tuple[str, str | None]] = []
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    for name, value in zip(params, positional, strict=False):
        out.append((name, expr_key(value)))
    for arg in call.args:
        if arg.keyword is not None:
            out.append((arg.keyword.value, expr_key(arg.value)))
    return tuple(out)


def provenance(
    expr: cst.BaseExpression, scope: Scope, facts: FileFacts, depth: int = 0
) -> list[Source]:
    """The API calls and windows whose results flow into ``expr``."""
    index = _index(facts)
    found: list[Source] = []
    seen_names: set[str] = set()
    pending: list[cst.CSTNode] = [expr]
    deadline = facts.deadline
    while pending:
        node = pending.pop()
        for sub in _walk(node):
            if deadline is not None:
                deadline.check()
            if id(sub) in index.api:
                found.append(Source(index.api[id(sub)]))
            if id(sub) in index.windows:
                found.append(Source(index.windows[id(sub)]))
            if isinstance(sub, cst.Call) and depth < 2:
                function = _local_function(sub, facts)
                if function is not None and function is not scope:
                    found.extend(_through_call(sub, function, facts, depth))
            name = dotted(sub) if isinstance(sub, (cst.Name, cst.Attribute)) else None
            if name is not None and name not in seen_names:
                seen_names.add(name)
                for binding in scope.lookup(name):
                    if binding.value is not None and binding.kind != "for":
                        pending.append(binding.value)
    return _unique(found)


def _through_call(call: cst.Call, function: Scope, facts: FileFacts, depth: int) -> list[Source]:
    mapping = _param_map(call, function)
    out = []
    for returned in function.returns:
        for source in provenance(returned, function, facts, depth + 1):
            out.append(Source(source.item, mapping + source.params))
    return out


def _unique(sources: list[Source]) -> list[Source]:
    seen: set[int] = set()
    out = []
    for source in sources:
        if id(source.item) not in seen:
            seen.add(id(source.item))
            out.append(source)
    return out


def _compare_sides(node: cst.Comparison) -> list[cst.BaseExpression]:
    sides = [node.left]
    for target in node.comparisons:
        if isinstance(target.operator, (cst.Equal, cst.Is)):
            sides.append(target.comparator)
    return sides if len(sides) > 1 else []


def _difference_sides(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract):
        return [node.left, node.right]
    return []


def comparisons(scope: Scope) -> list[Comparison]:
    """Every group of expressions ``scope`` compares (not looking into nested scopes)."""
    cached = scope.cache.get("comparisons")
    if cached is not None:
        return cached
    out: list[Comparison] = []
    printed: list[cst.BaseExpression] = []
    first_print: cst.CSTNode | None = None
    for site in scope.calls:
        call = site.node
        name = site.qualified or scope.resolve(call.func)
        args = [a.value for a in call.args if a.keyword is None and not a.star]
        if isinstance(call.func, cst.Name) and call.func.value == "print" and name is None:
            printed.extend(args)
            first_print = first_print or call
        elif name in COMPARE_FUNCS and len(args) >= 2:
            out.append(Comparison(call, args[:2], "compare-call", scope))
        elif (name in _DIFF_REDUCERS or _is_builtin_abs(call, name)) and args:
            sides = _difference_sides(args[0])
            if sides:
                out.append(Comparison(call, sides, "difference", scope))
    for statement, _ in scope.statements:
        for sub in _walk(statement):
            if isinstance(sub, cst.Comparison):
                sides = _compare_sides(sub)
                if sides:
                    out.append(Comparison(sub, sides, "assert", scope))
    if len(printed) >= 2 and first_print is not None:
        out.append(Comparison(first_print, printed, "print", scope))
    scope.cache["comparisons"] = out
    return out


def _is_builtin_abs(call: cst.Call, name: str | None) -> bool:
    return name is None and isinstance(call.func, cst.Name) and call.func.value == "abs"


def compared_sources(comparison: Comparison, facts: FileFacts) -> list[list[Source]]:
    """For each side of a comparison, the computations behind it (computed once)."""
    if comparison.sources is None:
        comparison.sources = [
            provenance(side, comparison.scope, facts) for side in comparison.sides
        ]
    return comparison.sources
