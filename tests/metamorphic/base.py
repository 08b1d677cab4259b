"""What a rewrite is, and how a finding's line is followed through it.

Before a rewrite runs, every statement of the original file gets a marker comment as its
last leading line (``# @@mm 7`` for the statement with id 7).  Rewrites move statements
with their leading lines, so after the rewrite the markers say where each original
statement went; they are then removed, so the linter never sees them.  A statement a
rewrite *creates* to hold part of an original statement (an extracted helper, a hoisted
intermediate variable) carries ``# @@mm h7 3``: "these 3 lines came out of statement 7".

A finding on original line ``L`` (inside statement ``s``) survives a rewrite when the
same code is reported on ``L``'s mapped line, anywhere in ``s``'s mapped lines, or in a
region that came out of ``s``.  That last clause is what "same code, mapped line" means
for extractions: the blamed expression may legitimately be reported where it now lives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .sites import Imports, bound_names, fresh, walk

MARKER = re.compile(r"^[ \t]*# @@mm (?P<moved>h?)(?P<id>\d+)(?: (?P<span>\d+))?[ \t]*$")


@dataclass
class Context:
    """What a rewrite gets: the marked module, its imports and the names in use."""

    module: cst.Module
    imports: Imports
    taken: set[str]
    renamed: dict[str, str] = field(default_factory=dict)  # filled by renaming rewrites
    entry: str | None = None  # set by wrapping rewrites: what runs the script now


@dataclass(frozen=True)
class Rewrite:
    """A named equivalence-preserving rewrite.

    ``transform`` returns the rewritten module, or None when the rewrite does not apply.
    """

    name: str
    family: str
    transform: Callable[[Context], cst.Module | None]


@dataclass
class Rewritten:
    """A rewritten source and the line map from the original."""

    rewrite: Rewrite
    source: str
    line_map: dict[int, frozenset[int]]  # original line -> acceptable new lines
    renamed: dict[str, str] = field(default_factory=dict)
    entry: str | None = None  # ``"test_script"`` / ``"TestScript.test_script"`` when wrapped

    def allowed(self, line: int) -> frozenset[int]:
        """New lines on which a finding of original ``line`` counts as the same finding."""
        return self.line_map.get(line, frozenset())


def origin_id(stmt: cst.CSTNode) -> int | None:
    """The id of the original statement ``stmt`` is (from its marker), else None."""
    lines = list(getattr(stmt, "leading_lines", ())) + list(
        getattr(stmt, "lines_after_decorators", ())
    )
    for line in lines:
        if line.comment is not None:
            match = MARKER.match(line.comment.value)
            if match and not match.group("moved"):
                return int(match.group("id"))
    return None


def moved_here(stmt: cst.BaseStatement, origin: int | None) -> cst.BaseStatement:
    """``stmt`` marked as holding code that came out of original statement ``origin``."""
    if origin is None:
        return stmt
    span = len(cst.Module(body=[stmt.with_changes(leading_lines=[])]).code.splitlines())
    comment = cst.Comment(f"# @@mm h{origin} {span}")
    return stmt.with_changes(leading_lines=[*stmt.leading_lines, cst.EmptyLine(comment=comment)])


class _Marker(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[tuple[int, int]] = []

    def on_leave(self, original_node, updated_node):
        if not isinstance(updated_node, cst.BaseStatement):
            return updated_node
        pos = self.get_metadata(PositionProvider, original_node)
        comment = cst.EmptyLine(comment=cst.Comment(f"# @@mm {len(self.spans)}"))
        self.spans.append((pos.start.line, pos.end.line))
        if getattr(updated_node, "decorators", None):
            return updated_node.with_changes(
                lines_after_decorators=[*updated_node.lines_after_decorators, comment]
            )
        return updated_node.with_changes(leading_lines=[*updated_node.leading_lines, comment])


def _mark(module: cst.Module) -> tuple[cst.Module, list[tuple[int, int]]]:
    marker = _Marker()
    marked = MetadataWrapper(module, unsafe_skip_copy=True).visit(marker)
    return marked, marker.spans


def _strip(code: str) -> tuple[str, dict[int, list[int]], dict[int, list[range]]]:
    """The code without markers; where each statement starts; the moved regions."""
    kept: list[str] = []
    starts: dict[int, list[int]] = {}
    moved: dict[int, list[range]] = {}
    for line in code.splitlines(keepends=True):
        match = MARKER.match(line.rstrip("\r\n"))
        if match is None:
            kept.append(line)
            continue
        first = len(kept) + 1
        ident = int(match.group("id"))
        if match.group("moved"):
            span = int(match.group("span") or 1)
            moved.setdefault(ident, []).append(range(first, first + span))
        else:
            starts.setdefault(ident, []).append(first)
    return "".join(kept), starts, moved


def _line_map(
    spans: list[tuple[int, int]], starts: dict[int, list[int]], moved: dict[int, list[range]]
) -> dict[int, frozenset[int]]:
    innermost: dict[int, int] = {}
    for ident, (start, end) in enumerate(spans):
        for line in range(start, end + 1):
            current = innermost.get(line)
            if current is None or spans[current][0] <= start:
                innermost[line] = ident
    out: dict[int, frozenset[int]] = {}
    for line, ident in innermost.items():
        start, end = spans[ident]
        lines: set[int] = set()
        for new_start in starts.get(ident, ()):
            lines.add(new_start + line - start)
            lines.update(range(new_start, new_start + end - start + 1))
        for region in moved.get(ident, ()):
            lines.update(region)
        out[line] = frozenset(lines)
    return out


@lru_cache(maxsize=64)
def _prepared(source: str) -> tuple[cst.Module, list[tuple[int, int]], Imports, frozenset[str]]:
    """The marked module of ``source`` (parsed and marked once for all rewrites)."""
    module = cst.parse_module(source)
    marked, spans = _mark(module)
    return marked, spans, Imports.of(module), frozenset(bound_names(module))


def apply(rewrite: Rewrite, source: str) -> Rewritten | None:
    """``rewrite`` applied to ``source``, or None when it does not apply or changes nothing.

    Raises ``SyntaxError`` when the rewrite produced code Python cannot compile (a bug of
    the rewrite, which the tests must show).
    """
    marked, spans, imports, taken = _prepared(source)
    context = Context(marked, Imports(dict(imports.bound), imports.star), set(taken))
    result = rewrite.transform(context)
    if result is None:
        return None
    stripped, starts, moved = _strip(result.code)
    if stripped == source:
        return None
    compile(stripped, f"<{rewrite.name}>", "exec")
    line_map = _line_map(spans, starts, moved)
    return Rewritten(rewrite, stripped, line_map, context.renamed, context.entry)


def _is_future_or_docstring(stmt: cst.BaseStatement) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    if isinstance(small, cst.ImportFrom):
        return isinstance(small.module, cst.Name) and small.module.value == "__future__"
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)


def with_import(module: cst.Module, statement: str) -> cst.Module:
    """``module`` with a new top-level import statement after its docstring and futures."""
    new = cst.parse_statement(statement)
    body = list(module.body)
    at = 0
    while at < len(body) and _is_future_or_docstring(body[at]):
        at += 1
    body.insert(at, new)
    return module.with_changes(body=body)


def numpy_alias(context: Context) -> str:
    """The file's name for numpy; when it has none, ``import numpy as np`` is added to
    ``context.module`` (under a fresh name when ``np`` is taken)."""
    alias = context.imports.alias_of("numpy")
    if alias is not None:
        return alias
    alias = "np" if "np" not in context.taken else fresh(context.taken, "np")
    context.taken.add(alias)
    context.module = with_import(context.module, f"import numpy as {alias}")
    context.imports.bound[alias] = "numpy"
    return alias


class ExpressionRewriter(cst.CSTTransformer):
    """Calls ``replace`` on every expression after its children; counts replacements."""

    def __init__(self, replace: Callable[[cst.BaseExpression], cst.BaseExpression | None]):
        super().__init__()
        self.replace = replace
        self.changed = 0

    def on_leave(self, original_node, updated_node):
        if isinstance(updated_node, cst.BaseExpression):
            new = self.replace(updated_node)
            if new is not None and not new.deep_equals(updated_node):
                self.changed += 1
                return new
        return updated_node


def visit_where(
    module: cst.Module, transformer: cst.CSTTransformer, wanted: Callable[[cst.CSTNode], bool]
) -> cst.Module:
    """``module`` with ``transformer`` run over the top-level statements holding a node
    ``wanted`` accepts (the others are kept as they are: visiting is the costly part)."""
    body: list[cst.BaseStatement] = []
    for stmt in module.body:
        if not any(wanted(n) for n in walk(stmt)):
            body.append(stmt)
            continue
        new = stmt.visit(transformer)
        if isinstance(new, cst.FlattenSentinel):
            body.extend(new.nodes)
        elif not isinstance(new, cst.RemovalSentinel):
            body.append(new)
    return module.with_changes(body=body)


def rewrite_expressions(
    context: Context, replace: Callable[[cst.BaseExpression], cst.BaseExpression | None]
) -> cst.Module | None:
    """``context.module`` with ``replace`` applied to every expression, or None when no
    expression changed."""

    def wanted(node: cst.CSTNode) -> bool:
        return isinstance(node, cst.BaseExpression) and replace(node) is not None

    rewriter = ExpressionRewriter(replace)
    out = visit_where(context.module, rewriter, wanted)
    return out if rewriter.changed else None
