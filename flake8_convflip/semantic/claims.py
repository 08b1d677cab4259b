"""Claimed equalities: the places where code says two values should be equal.

One relation for every rule that compares implementations: ``assert a == b`` and any
``a == b``; ``np.allclose``/``isclose``/``array_equal``, ``np.testing.assert_*``,
``torch.allclose``/``torch.testing.assert_close``; ``unittest`` assertions
(``self.assertAlmostEqual(a, b)``); ``pytest.approx``; a measured difference
(``abs(a - b) < eps``, ``np.linalg.norm(a - b)``, a difference printed or asserted);
and values printed next to each other (neighbouring filter values in a scope's prints).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from ..analysis import apis
from ..analysis.exprs import dotted, walk
from ..analysis.model import FileFacts, Scope


@dataclass(frozen=True)
class Claim:
    """Expressions claimed equal, where (``node``, ``scope``, ``at``) and how (``kind``)."""

    node: cst.CSTNode
    sides: tuple[cst.BaseExpression, ...]
    scope: Scope
    at: int
    kind: str  # "compare", "compare-call", "assert-method", "difference", "print",
    # or "compare-helper" (a call of a function that compares its parameters)
    side_at: tuple[int, ...] = ()  # per side, when the sides sit in different statements
    # a "print" claim holds every value a scope prints, in order; neighbouring filter
    # values among them are claimed equal (see Model.claimed_pairs)


def _unwrapped(node: cst.BaseExpression) -> cst.BaseExpression:
    """``pytest.approx(b)`` and ``approx(b)`` compare as ``b``."""
    if isinstance(node, cst.Call) and node.args:
        name = dotted(node.func) or ""
        if name.rsplit(".", 1)[-1] == "approx":
            return node.args[0].value
    return node


def _positional(call: cst.Call) -> list[cst.BaseExpression]:
    return [a.value for a in call.args if a.keyword is None and not a.star]


def _differences(node: cst.CSTNode) -> Iterator[tuple[cst.BaseExpression, cst.BaseExpression]]:
    for sub in walk(node):
        if isinstance(sub, cst.BinaryOperation) and isinstance(sub.operator, cst.Subtract):
            yield sub.left, sub.right


def _is_reducer(call: cst.Call, scope: Scope) -> bool:
    name = scope.resolve(call.func)
    if name in apis.DIFFERENCE_REDUCERS:
        return True
    if name is None and isinstance(call.func, cst.Name) and call.func.value == "abs":
        return True
    return isinstance(call.func, cst.Attribute) and call.func.attr.value in ("max", "sum", "mean")


class _ScopeClaims:
    def __init__(self, scope: Scope, facts: FileFacts) -> None:
        self.scope = scope
        self.order = facts.statement_order
        # the collector saw where comparisons and subtractions are: skip the walks elsewhere
        self.compared = facts.compared
        self.subtracted = facts.subtracted
        self.out: list[Claim] = []

    def add(self, node, sides, statement, kind: str) -> None:
        sides = tuple(_unwrapped(s) for s in sides)
        if len(sides) >= 2:
            at = self.order.get(id(statement), 0)
            self.out.append(Claim(node, sides, self.scope, at, kind))

    def run(self) -> list[Claim]:
        printed: list[tuple[cst.BaseExpression, cst.CSTNode, cst.Call]] = []
        for site in self.scope.calls:
            self._call(site.node, site.statement, printed)
        compared = self.compared
        for statement, _ in self.scope.statements:
            if id(statement) in compared:
                self._statement(statement)
        if len(printed) >= 2:
            # one claim for the whole sequence: the model pairs neighbouring filter values
            sides = tuple(arg for arg, _, _ in printed)
            ats = tuple(self.order.get(id(statement), 0) for _, statement, _ in printed)
            self.out.append(Claim(printed[0][2], sides, self.scope, ats[-1], "print", ats))
        return self.out

    def _call(self, call: cst.Call, statement, printed) -> None:
        scope = self.scope
        name = scope.resolve(call.func)
        args = _positional(call)
        func = call.func
        if name is None and isinstance(func, cst.Name) and func.value == "print":
            printed.extend((arg, statement, call) for arg in args)
            if id(statement) in self.subtracted:
                for arg in args:
                    for a, b in _differences(arg):
                        self.add(call, (a, b), statement, "difference")
        elif name in apis.COMPARE_FUNCS and len(args) >= 2:
            self.add(call, args[:2], statement, "compare-call")
        elif (
            isinstance(func, cst.Attribute)
            and func.attr.value in apis.UNITTEST_EQUALITY_METHODS
            and len(args) >= 2
        ):
            self.add(call, args[:2], statement, "assert-method")
        elif args and _is_reducer(call, scope):
            target = args[0] if args else None
            if isinstance(func, cst.Attribute) and name is None:
                target = func.value
            if target is not None and id(statement) in self.subtracted:
                for a, b in _differences(target):
                    self.add(call, (a, b), statement, "difference")

    def _statement(self, statement: cst.CSTNode) -> None:
        for sub in walk(statement):
            if isinstance(sub, cst.Comparison):
                sides = [sub.left]
                for target in sub.comparisons:
                    if isinstance(target.operator, (cst.Equal, cst.Is)):
                        sides.append(target.comparator)
                if len(sides) > 1:
                    self.add(sub, sides, statement, "compare")
                elif (
                    isinstance(statement, cst.SimpleStatementLine)
                    and id(statement) in self.subtracted
                    and any(isinstance(s, cst.Assert) for s in statement.body)
                ):
                    for a, b in _differences(sub.left):
                        self.add(sub, (a, b), statement, "difference")


def claims(facts: FileFacts) -> list[Claim]:
    """Every claimed equality in the file, scope by scope (nested scopes on their own).

    A function that compares two of its parameters (``def assert_close(a, b): if not
    np.allclose(a, b): raise ...``) is a comparison: each call of it claims its two
    arguments equal, where it is called.
    """
    out: list[Claim] = []
    for scope in facts.scopes:
        if scope.calls or scope.statements:
            out.extend(_ScopeClaims(scope, facts).run())
    helpers = _comparing_helpers(out)
    if helpers:
        out.extend(_helper_claims(facts, helpers))
    return out


def _comparing_helpers(found: list[Claim]) -> dict[str, tuple[Scope, int, int]]:
    """Functions whose own claim compares two of their parameters, by name."""
    helpers: dict[str, tuple[Scope, int, int]] = {}
    for claim in found:
        scope = claim.scope
        if scope.kind != "function" or claim.kind == "print" or len(claim.sides) != 2:
            continue
        names = [s.value if isinstance(s, cst.Name) else None for s in claim.sides]
        if None in names or names[0] == names[1]:
            continue
        if all(n in scope.params for n in names) and not any(scope.lookup(n) for n in names):
            params = scope.params
            helpers[scope.name] = (scope, params.index(names[0]), params.index(names[1]))
    return helpers


def _helper_claims(facts: FileFacts, helpers: dict[str, tuple[Scope, int, int]]) -> list[Claim]:
    out: list[Claim] = []
    for scope in facts.scopes:
        for site in scope.calls:
            func = site.node.func
            if not isinstance(func, cst.Name) or func.value not in helpers:
                continue
            helper, i, j = helpers[func.value]
            if facts.functions.get(func.value) is not helper or scope is helper:
                continue
            args = _positional(site.node)
            if max(i, j) < len(args) and len(args) == len(site.node.args):
                at = facts.statement_order.get(id(site.statement), 0)
                out.append(Claim(site.node, (args[i], args[j]), scope, at, "compare-helper"))
    return out
