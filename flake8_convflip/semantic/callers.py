"""What a function's parameters are bound to by the calls of the file.

A value that reaches a function only as a parameter (``def A_adj(y, h)``) shows nothing
by itself; the calls of that function in the same file do (``A_adj(y, h)`` with a
complex ``h``).  :func:`argument_values` gives, per call site, the values the evaluator
binds to a parameter there, so the model can ask what every caller passes.
"""

from __future__ import annotations

import libcst as cst

from ..analysis.model import FileFacts, Scope
from .evaluate import Ctx, Evaluator
from .values import Value


def _callee_name(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def argument_values(
    facts: FileFacts, evaluator: Evaluator, function: Scope, name: str
) -> list[tuple[Value, ...]]:
    """The values each call of ``function`` in the file binds to its parameter ``name``.

    One entry per call site the evaluator resolves to ``function`` and that passes the
    parameter (calls relying on a default are left out); empty when there is none.
    """
    out: list[tuple[Value, ...]] = []
    for scope in facts.scopes:
        for site in scope.calls:
            if _callee_name(site.node) != function.name:
                continue
            at = facts.statement_order.get(id(site.statement))
            bound = evaluator.call_context(site.node, Ctx(scope), at)
            if bound is None or bound[0] is not function.node:
                continue
            values = bound[1].bound(name)
            if values is not None:
                out.append(values)
    return out
