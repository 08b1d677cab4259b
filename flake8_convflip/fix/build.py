"""Helpers rules use to describe replacements, built with libcst templates.

Replacements keep the user's bindings: a new function is reached through an existing
import or alias when the file has one, and otherwise through a new
``from module import name`` that the fix declares (never by renaming imports).
"""

from __future__ import annotations

import libcst as cst
from libcst.helpers import parse_template_expression

from ..analysis.model import FileFacts
from ..types import Edit, Fix


def rotate180(base: cst.BaseExpression) -> cst.BaseExpression:
    """``base[::-1, ::-1]`` (parenthesised as needed by the template parser)."""
    return parse_template_expression("{kernel}[::-1, ::-1]", kernel=base)


def local_name_for(facts: FileFacts, qualified: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """How the file can spell ``qualified`` (e.g. ``convflip.xcorr2d``), and imports to add.

    Reuses an existing binding (``from convflip import xcorr2d as xc`` -> ``xc``;
    ``import convflip as cf`` -> ``cf.xcorr2d``); otherwise imports the bare name.
    """
    module, _, name = qualified.rpartition(".")
    table = facts.module_scope.imports
    bindings = table._bindings
    for local, target in sorted(bindings.items()):
        if target == qualified:
            return local, ()
    for local, target in sorted(bindings.items()):
        if target == module:
            return f"{local}.{name}", ()
    return name, ((module, name),)


def name_is_free(facts: FileFacts, name: str) -> bool:
    """True when ``name`` is not bound to something else anywhere in the file."""
    if facts.module_scope.imports.resolve(name) is not None:
        return True
    return all(name not in scope.bindings and name not in scope.params for scope in facts.scopes)


def replace_callee(
    facts: FileFacts,
    call: cst.Call,
    qualified: str,
    *,
    safe: bool,
    title: str,
    args: list[cst.Arg] | None = None,
) -> Fix | None:
    """Call ``qualified`` instead of ``call.func``, keeping the arguments (or ``args``)."""
    local, imports = local_name_for(facts, qualified)
    if imports and not name_is_free(facts, local):
        return None
    new_func = cst.parse_expression(local)
    replacement = call.with_changes(func=new_func, args=args if args is not None else call.args)
    old = _callee_name(call)
    return Fix(
        safe=safe,
        title=title,
        edits=(Edit(call, replacement),),
        add_imports=imports,
        maybe_unused=(old,) if old else (),
    )


def replace_expr(
    original: cst.BaseExpression, replacement: cst.BaseExpression, *, safe: bool, title: str
) -> Fix:
    """Swap one expression for another."""
    return Fix(safe=safe, title=title, edits=(Edit(original, replacement),))


def _callee_name(call: cst.Call) -> str | None:
    func = call.func
    while isinstance(func, cst.Attribute):
        func = func.value
    return func.value if isinstance(func, cst.Name) else None
