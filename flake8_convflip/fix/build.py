"""Helpers rules use to describe replacements, built with libcst templates.

Replacements keep the user's bindings: a new function is reached through an existing
import or alias when the file has one, and otherwise through a new
``from module import name`` that the fix declares (never by renaming imports).
"""

from __future__ import annotations

import re

import libcst as cst
from libcst.helpers import parse_template_expression

from ..analysis.exprs import child_nodes
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
    if facts.source is not None and _absent_from_text(facts, facts.source, name):
        return True  # not even spelled in the file (the walk below costs a whole-file pass)
    names, star = _identifiers(facts)
    return not star and name not in names


def _absent_from_text(facts: FileFacts, source: str, name: str) -> bool:
    """``name`` is nowhere in ``source`` as a word, and nothing there looks like a star
    import (both tests read more than identifiers, so they can only be too strict).
    Cached per file and name: a file may offer thousands of fixes."""
    absent: dict[str, bool] = facts.cache.setdefault("fix.absent", {})
    found = absent.get(name)
    if found is None:
        spelled = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", source) is not None
        found = absent[name] = not spelled and _STAR_IMPORT.search(source) is None
    return found


_STAR_IMPORT = re.compile(r"import[\s(\\]*\*")


def _identifiers(facts: FileFacts) -> tuple[frozenset[str], bool]:
    """Every identifier spelled in the file, and whether it has a star import (cached).

    Attribute names (``obj.conv2d``) and the module path of ``from m import x`` bind
    nothing and are left out.  The walk skips whitespace nodes (libcst's visitor would
    rebuild every node, several times slower).
    """
    found = facts.cache.get("fix.identifiers")
    if found is None:
        found = facts.cache["fix.identifiers"] = _scan_identifiers(facts.module)
    return found


def _scan_identifiers(module: cst.Module) -> tuple[frozenset[str], bool]:
    names: set[str] = set()
    star = False
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            names.add(node.value)
        elif isinstance(node, cst.Attribute):
            stack.append(node.value)
            continue
        elif isinstance(node, cst.Import):
            names.update(a.evaluated_alias or a.evaluated_name.split(".")[0] for a in node.names)
            continue
        elif isinstance(node, cst.ImportFrom):
            if isinstance(node.names, cst.ImportStar):
                star = True
            else:
                names.update(a.evaluated_alias or a.evaluated_name for a in node.names)
            continue
        stack.extend(child_nodes(node))
    return frozenset(names), star


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
    new_func = _dotted(local)
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


def _dotted(name: str) -> cst.BaseExpression:
    """``a.b.c`` as libcst nodes (what ``parse_expression`` returns, without a parse)."""
    head, *rest = name.split(".")
    node: cst.BaseExpression = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def _callee_name(call: cst.Call) -> str | None:
    func = call.func
    while isinstance(func, cst.Attribute):
        func = func.value
    return func.value if isinstance(func, cst.Name) else None
