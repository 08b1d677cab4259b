"""What a function's parameters are bound to by the calls of the file.

A value that reaches a function only as a parameter (``def A_adj(y, h)``) shows nothing
by itself; the calls of that function in the same file do (``A_adj(y, h)`` with a
complex ``h``).  :func:`argument_values` gives, per call site, the values the evaluator
gives the argument bound to a parameter there, so the model can ask what every caller
passes.  The call sites come from the evaluator's index (:meth:`Evaluator.callers`),
built once per file.
"""

from __future__ import annotations

from ..analysis.model import FileFacts, Scope
from .calls import Ctx, argument
from .evaluate import Evaluator
from .values import Value


def argument_values(
    facts: FileFacts, evaluator: Evaluator, function: Scope, name: str
) -> list[tuple[Value, ...]]:
    """The values each call of ``function`` in the file binds to its parameter ``name``.

    One entry per call site the evaluator resolves to ``function`` and that passes the
    parameter (calls relying on a default are left out); empty when there is none.
    """
    out: list[tuple[Value, ...]] = []
    for site, at, params in evaluator.callers().get(id(function.node), ()):
        arg = argument(site.node, params, name)
        if arg is not None:
            out.append(evaluator.eval(arg, Ctx(site.scope), at))
    return out
