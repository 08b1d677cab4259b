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


def name_is_free(facts: FileFacts, name: str, qualified: str | None = None) -> bool:
    """True when a new import of ``name`` cannot shadow or be shadowed by the file's own.

    The name is free when the file's imports already bind it to ``qualified``, or when
    it appears nowhere in the file as an identifier (a binding, a use, a parameter, a
    ``global``) and no ``from m import *`` could bind it.  The textual test is stricter
    than scopes need, on purpose: a new ``from convflip import conv2d`` must never
    replace a ``conv2d`` of the user's (issue 11).
    """
    bound = facts.module_scope.imports.resolve(name)
    if bound is not None:
        return qualified is not None and bound == qualified
    names, star = _identifiers(facts)
    return not star and name not in names


def _identifiers(facts: FileFacts) -> tuple[frozenset[str], bool]:
    """Every identifier spelled in the file, and whether it has a star import (cached)."""
    found = facts.cache.get("fix.identifiers")
    if found is None:
        collector = _NameCollector()
        facts.module.visit(collector)
        found = facts.cache["fix.identifiers"] = (frozenset(collector.names), collector.star)
    return found


class _NameCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.star = False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # ``obj.conv2d`` binds and uses no ``conv2d``
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            bound = alias.evaluated_alias or alias.evaluated_name.split(".")[0]
            self.names.add(bound)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if isinstance(node.names, cst.ImportStar):
            self.star = True
            return False
        for alias in node.names:  # the module path binds nothing
            self.names.add(alias.evaluated_alias or alias.evaluated_name)
        return False


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
    if imports and not name_is_free(facts, local, qualified):
        local, imports = _module_spelling(facts, qualified)
        if not local:
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


def _module_spelling(facts: FileFacts, qualified: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``convflip.conv2d`` through a new ``import convflip``, when the bare name is taken.

    ("", ()) when the module's top-level name is taken too.  An import entry with an
    empty name means ``import module``.
    """
    module = qualified.rpartition(".")[0]
    head = module.split(".")[0]
    if not name_is_free(facts, head, head):
        return "", ()
    return qualified, ((module, ""),)


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
