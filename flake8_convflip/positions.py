"""Positions of the nodes a file reports, without positioning the whole module.

libcst's ``PositionProvider`` generates the code of the whole module to position every
node; on a large file that was more than half of the analysis.  Here only the top-level
statements that hold a reported or edited node are generated, each starting at the line
Python's own parser gives it (minus the blank and comment lines libcst keeps in front
of it).  Every positioned statement is checked against the ast's line; on any mismatch,
or without an ast, the whole module is positioned the old way.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

from .analysis.exprs import walk


def whole_module(module: cst.Module) -> dict:
    """Every node's position (libcst's own provider over the whole module)."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    return dict(wrapper.resolve(PositionProvider))


class _Mismatch(Exception):
    """The libcst and ast trees do not line up as expected."""


# (libcst statement, its ast statement, the indents of the blocks around it; None is
# the module's default indent)
_Target = tuple[cst.CSTNode, ast.stmt, tuple[str | None, ...]]


def positions_for(
    module: cst.Module,
    wanted: Iterable[cst.CSTNode],
    tree: ast.AST | None,
    top_level: Mapping[int, int] | None = None,
    *,
    innermost: bool = False,
) -> dict:
    """Positions of every node in the statements that hold a ``wanted`` node.

    With ``innermost`` the innermost statement holding each node is positioned (what
    findings need); otherwise the top-level statement (the fixer's rails also look at
    the statements around an edit).  The result may hold more nodes than asked for,
    never fewer.  ``top_level`` (the collector's map from a node's id to the index of
    the top-level statement holding it) spares a walk of the whole module when it
    knows every wanted node.
    """
    wanted_ids = {id(node) for node in wanted}
    if not wanted_ids:
        return {}
    if not isinstance(tree, ast.Module):
        return whole_module(module)
    try:
        targets: list[_Target] = []
        held_by = _held_by_top(module, wanted_ids, top_level)
        _targets(module.body, tree.body, (), wanted_ids, innermost, targets, held_by)
    except _Mismatch:
        return whole_module(module)
    provider = PositionProvider()
    for stmt, node, indents in targets:
        state = PositionProvidingCodegenState(
            default_indent=module.default_indent,
            default_newline=module.default_newline,
            provider=provider,
            line=_codegen_line(stmt, node),
        )
        state.indent_tokens = [module.default_indent if i is None else i for i in indents]
        stmt._codegen(state)
        if provider._computed[stmt].start.line != node.lineno:
            return whole_module(module)  # the line arithmetic is off: never guess
    if not _covers(provider, wanted_ids):
        return whole_module(module)  # a node outside every statement (the module itself)
    return dict(provider._computed)


def _held_by_top(
    module: cst.Module, wanted_ids: set[int], top_level: Mapping[int, int] | None
) -> dict[int, set[int]] | None:
    """The wanted nodes of each top-level statement, when ``top_level`` knows them all."""
    if top_level is None:
        return None
    held: dict[int, set[int]] = {}
    body = module.body
    for node_id in wanted_ids:
        index = top_level.get(node_id)
        if index is None or index >= len(body):
            return None  # a node the collector did not index: walk as before
        held.setdefault(id(body[index]), set()).add(node_id)
    return held


def _covers(provider: PositionProvider, wanted_ids: set[int]) -> bool:
    return wanted_ids <= {id(node) for node in provider._computed}


def _codegen_line(stmt: cst.CSTNode, node: ast.stmt) -> int:
    """The line libcst starts generating ``stmt`` at: Python's parser gives the first
    line of the statement (``def``/``class`` for decorated ones, as libcst's positions
    do); libcst's statement begins earlier by its decorators and leading lines."""
    start = node.lineno
    decorators = getattr(stmt, "decorators", ())
    if decorators:
        listed = getattr(node, "decorator_list", ())
        if len(listed) != len(decorators):
            raise _Mismatch
        start = listed[0].lineno - len(decorators[0].leading_lines)
    return start - len(getattr(stmt, "leading_lines", ()))


def _targets(
    block: Sequence[cst.CSTNode],
    statements: Sequence[ast.stmt],
    indents: tuple[str | None, ...],
    wanted_ids: set[int],
    innermost: bool,
    out: list[_Target],
    held_by: dict[int, set[int]] | None = None,
) -> None:
    """Collect the statements of ``block`` (matched with ``statements``) to position.

    ``held_by`` maps a statement to the wanted nodes inside it when the caller's walk
    already found them, so that no subtree is walked twice at one level.
    """
    index = 0
    for stmt in block:
        width = len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
        if index + width > len(statements):
            raise _Mismatch
        node = statements[index]
        index += width
        if held_by is not None:
            held = held_by.get(id(stmt), set())
        else:
            held = {id(n) for n in walk(stmt, into_functions=True) if id(n) in wanted_ids}
        if not held:
            continue
        inner = _blocks(stmt, node) if innermost else None
        inner_held = _held_inside(inner, held) if inner is not None else None
        if inner is None or inner_held is None:
            out.append((stmt, node, indents))
            continue
        for lib_block, ast_block, indent in inner:
            _targets(lib_block, ast_block, (*indents, indent), held, True, out, inner_held)
    if index != len(statements):
        raise _Mismatch


def _held_inside(blocks, held: set[int]) -> dict[int, set[int]] | None:
    """The wanted nodes of each statement in ``blocks``; None when some are outside
    them (in the compound statement's header)."""
    by_statement: dict[int, set[int]] = {}
    inside: set[int] = set()
    for lib_block, _, _ in blocks:
        for stmt in lib_block:
            found = {id(n) for n in walk(stmt, into_functions=True) if id(n) in held}
            if found:
                by_statement[id(stmt)] = found
                inside |= found
    return by_statement if inside == held else None


def _blocks(stmt: cst.CSTNode, node: ast.stmt):
    """The indented statement lists inside a compound statement, paired with the ast's;
    None when there are none to descend into (a one-line suite, an ``elif``)."""
    pairs: list[tuple[Sequence[cst.CSTNode], list[ast.stmt], str | None]] = []

    def add(part, statements) -> bool:
        if not isinstance(part, cst.IndentedBlock) or not isinstance(statements, list):
            return False
        pairs.append((part.body, statements, part.indent))
        return True

    if not add(getattr(stmt, "body", None), getattr(node, "body", None)):
        return None
    orelse = getattr(stmt, "orelse", None)
    if isinstance(orelse, cst.If):
        return None  # an elif generates as `if` on its own: position the whole chain
    if orelse is not None and not add(orelse.body, getattr(node, "orelse", None)):
        return None
    handlers = getattr(stmt, "handlers", ())
    ast_handlers = getattr(node, "handlers", [])
    if len(handlers) != len(ast_handlers):
        return None
    for handler, ast_handler in zip(handlers, ast_handlers, strict=True):
        if not add(handler.body, ast_handler.body):
            return None
    finalbody = getattr(stmt, "finalbody", None)
    if finalbody is not None and not add(finalbody.body, getattr(node, "finalbody", None)):
        return None
    if getattr(stmt, "cases", None):
        return None  # match statements: position the whole statement
    return pairs
