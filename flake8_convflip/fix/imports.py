"""The imports a pass of fixes adds and the ones it leaves unused (libcst's visitors).

libcst's ``AddImportsVisitor`` and ``RemoveImportsVisitor`` walk the whole module with
scope metadata; on a module with one 20,000-element list that took most of ``fix``.
They only need the module's import statements and which names the rest uses, so every
top-level statement without an import is swapped for a one-line stand-in that uses the
same names (``__convflip_hidden_3, np, X``) before they run, and swapped back after.

An import line with a ``# noqa`` comment is hidden the same way: the clean-up never
deletes or edits it (``from scipy.signal import convolve2d  # noqa: F401`` in a
package ``__init__`` is a re-export).
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from ..analysis.exprs import child_nodes
from ..engine import NOQA
from ..types import Fix

_HIDDEN = "__convflip_hidden_"


def with_imports(module: cst.Module, fixes: Iterable[Fix]) -> cst.Module:
    """``module`` with the fixes' new imports added and the ones they orphaned removed."""
    fixes = list(fixes)
    module = _parsable_indent(module)
    adds = {item for fix in fixes for item in fix.add_imports}
    unused = {name for fix in fixes for name in fix.maybe_unused}
    if not adds and not unused:
        return module
    module, hidden = _hide(module)
    if adds:
        context = CodemodContext()
        for mod, name in sorted(adds):  # an empty name: ``import mod``
            AddImportsVisitor.add_needed_import(context, mod, name or None)
        module = AddImportsVisitor(context).transform_module(module)
    if unused:
        module = _remove_unused(module, unused)
    return _restore(module, hidden)


def _hide(module: cst.Module) -> tuple[cst.Module, dict[str, cst.CSTNode]]:
    """Swap statements the import visitors need not see for stand-ins (see above)."""
    hidden: dict[str, cst.CSTNode] = {}
    body = []
    for index, stmt in enumerate(module.body):
        imports, names = _imports_and_names(stmt)
        if (imports and not _has_noqa(module, stmt)) or (index == 0 and _docstring(stmt)):
            body.append(stmt)  # what the visitors read; the docstring places new imports
            continue
        key = f"{_HIDDEN}{len(hidden)}"
        hidden[key] = stmt
        uses = [cst.Element(cst.Name(n)) for n in (key, *sorted(names))]
        stand_in = cst.SimpleStatementLine(
            body=[cst.Expr(cst.Tuple(uses))], leading_lines=stmt.leading_lines
        )
        body.append(stand_in)
    return module.with_changes(body=body), hidden


def _restore(module: cst.Module, hidden: dict[str, cst.CSTNode]) -> cst.Module:
    if not hidden:
        return module
    body = []
    for stmt in module.body:
        key = _stand_in_key(stmt)
        if key is None:
            body.append(stmt)
            continue
        original = hidden.pop(key)
        body.append(original.with_changes(leading_lines=stmt.leading_lines))
    if hidden:  # a visitor dropped a stand-in: never lose a statement
        raise ValueError("an import visitor removed a statement it was not asked to")
    return module.with_changes(body=body)


def _stand_in_key(stmt: cst.CSTNode) -> str | None:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Tuple):
        return None
    first = small.value.elements[0].value if small.value.elements else None
    if isinstance(first, cst.Name) and first.value.startswith(_HIDDEN):
        return first.value
    return None


def _imports_and_names(stmt: cst.CSTNode) -> tuple[bool, set[str]]:
    """Whether ``stmt`` holds an import statement, and the identifiers it spells."""
    names: set[str] = set()
    found = False
    stack: list[cst.CSTNode] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            found = True
        elif isinstance(node, cst.Name):
            names.add(node.value)
        elif isinstance(node, cst.SimpleString):  # __all__ = ["convolve2d"]
            try:
                value = node.evaluated_value
            except Exception:  # an odd literal names nothing
                value = None
            if isinstance(value, str) and value.isidentifier():
                names.add(value)
        stack.extend(child_nodes(node))
    return found, names


def _docstring(stmt: cst.CSTNode) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    return isinstance(small, cst.Expr) and isinstance(
        small.value, (cst.SimpleString, cst.ConcatenatedString)
    )


def _has_noqa(module: cst.Module, stmt: cst.CSTNode) -> bool:
    return NOQA.search(module.code_for_node(stmt)) is not None


def _parsable_indent(module: cst.Module) -> cst.Module:
    """A module whose ``default_indent`` libcst's parser config accepts.

    libcst takes the default indent from the first indented line, form feed included
    (``\f`` at the start of a line is legal Python); the import helpers re-parse
    snippets with that indent and reject it.  It only shapes new blocks, which fixes
    never write, so the form feed is dropped from it.
    """
    indent = module.default_indent
    if indent.strip(" \t") == "":
        return module
    kept = "".join(ch for ch in indent if ch in " \t") or "    "
    return module.with_changes(default_indent=kept)


def _remove_unused(module: cst.Module, names: set[str]) -> cst.Module:
    context = CodemodContext()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue  # imports nested in blocks are left alone
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                mod = cst.Module([]).code_for_node(small.module) if small.module else None
                if mod is None or small.relative:
                    continue
                for alias in small.names:
                    local = alias.evaluated_alias or alias.evaluated_name
                    if local in names:
                        RemoveImportsVisitor.remove_unused_import(
                            context, mod, alias.evaluated_name, alias.evaluated_alias
                        )
            elif isinstance(small, cst.Import):
                for alias in small.names:
                    local = alias.evaluated_alias or alias.evaluated_name.split(".")[0]
                    if local in names:
                        RemoveImportsVisitor.remove_unused_import(
                            context, alias.evaluated_name, asname=alias.evaluated_alias
                        )
    if not context.scratch:
        return module
    return RemoveImportsVisitor(context).transform_module(module)
