"""The rails a fix must pass beyond its own rule's judgement (issue 11).

* **Reach.** A fix edits the statement its finding is on.  Outside it, a fix may only
  replace the value a statement of its own computes (``ref = convolve2d(...)``,
  ``return convolve2d(...)[0, 0]``), never an operand of another expression on another
  line: a ``print(window, convolve2d(...))`` elsewhere is a comparison of its own, and
  rewriting it is how CNV101 once turned a correct line wrong.
* **Re-check.** After a pass, the fixed text is analysed again.  A pass whose text has
  a finding the original did not have (beyond the ones it fixed), or that changed a line
  no applied finding or edit pointed at (imports aside), is undone; the fixes are then
  tried one at a time and the ones that fail on their own are reported and left out.
"""

from __future__ import annotations

import ast
import bisect
import difflib
from collections import Counter
from collections.abc import Iterable, Sequence

import libcst as cst

from ..budget import gc_paused
from ..engine import source_lines
from ..types import Finding, Fix

Point = tuple[int, int]  # (line, 0-based column)


def _start(pos) -> Point:
    return pos.start.line, pos.start.column


def _end(pos) -> Point:
    return pos.end.line, pos.end.column


def _child_blocks(stmt: cst.CSTNode) -> list[Sequence[cst.CSTNode]]:
    """The statement sequences directly inside a compound statement."""
    blocks: list[Sequence[cst.CSTNode]] = []
    for name in ("body", "orelse", "finalbody"):
        part = getattr(stmt, name, None)
        if part is None:
            continue
        if isinstance(part, cst.BaseCompoundStatement):  # elif
            blocks.append([part])
            continue
        inner = getattr(part, "body", None)
        if isinstance(inner, cst.IndentedBlock):
            blocks.append(inner.body)
        elif isinstance(part, cst.IndentedBlock):
            blocks.append(part.body)
    for handler in getattr(stmt, "handlers", ()) or ():
        if isinstance(handler.body, cst.IndentedBlock):
            blocks.append(handler.body.body)
    for case in getattr(stmt, "cases", ()) or ():
        if isinstance(case.body, cst.IndentedBlock):
            blocks.append(case.body.body)
    return blocks


class Statements:
    """Finds the innermost statement holding a range, in one pass's analysis.

    Only statements that hold reported or edited nodes have positions; the sorted
    starts of each statement list are kept so that every lookup is a bisection.
    """

    def __init__(self, module: cst.Module, positions) -> None:
        self.module = module
        self.positions = positions
        self._placed: dict[int, tuple[list[Point], list[cst.CSTNode]]] = {}

    def _containing(
        self, statements: Sequence[cst.CSTNode], start: Point, end: Point
    ) -> cst.CSTNode | None:
        placed = self._placed.get(id(statements))
        if placed is None:
            pairs = [
                (_start(pos), stmt) for stmt in statements if (pos := self.positions.get(stmt))
            ]
            placed = self._placed[id(statements)] = ([p for p, _ in pairs], [s for _, s in pairs])
        starts, nodes = placed
        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            return None
        stmt = nodes[index]
        return stmt if _end(self.positions[stmt]) >= end else None

    def innermost(self, start: Point, end: Point) -> tuple[cst.CSTNode, Point, Point] | None:
        """The innermost statement holding ``start``-``end``, and the span a fix may edit.

        For a compound statement the span is its header when the range lies there, and
        the whole statement when the range covers its body too.
        """
        positions = self.positions
        found = None
        blocks: list[Sequence[cst.CSTNode]] = [self.module.body]
        while blocks:
            stmt = None
            for block in blocks:
                stmt = self._containing(block, start, end)
                if stmt is not None:
                    break
            if stmt is None:
                return found
            pos = positions[stmt]
            found = (stmt, _start(pos), _end(pos))
            if isinstance(stmt, cst.SimpleStatementLine):
                return found
            body = getattr(stmt, "body", None)
            body_pos = positions.get(body) if body is not None else None
            if body_pos is None:
                return found
            if start < _start(body_pos):  # in the header
                if end <= _start(body_pos):
                    return stmt, _start(pos), _start(body_pos)
                return found
            blocks = _child_blocks(stmt)
        return found


def _own_value(statement: cst.CSTNode, node: cst.CSTNode) -> bool:
    """``node`` is what ``statement`` computes (``x = node``, ``return node[0]``, ...)."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if not isinstance(small, (cst.Assign, cst.AnnAssign, cst.Return, cst.Expr)):
        return False
    value = small.value
    while value is not None and value is not node:
        if isinstance(value, (cst.Subscript, cst.Attribute)):
            value = value.value
        elif isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
            value = value.func.value  # convolve2d(...).astype(int)
        else:
            return False
    return value is node


def _dead_store(original: cst.CSTNode, replacement: object, home: cst.CSTNode) -> bool:
    """Removing ``name = ...`` whose ``name`` the finding's statement writes (a loop's
    preallocated output, which the loop's replacement assigns)."""
    if not isinstance(replacement, cst.RemovalSentinel):
        return False
    if not isinstance(original, cst.SimpleStatementLine) or len(original.body) != 1:
        return False
    small = original.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return False
    target = small.targets[0].target
    if not isinstance(target, cst.Name):
        return False
    written = _Written()
    home.visit(written)
    return target.value in written.names


class _Written(cst.CSTVisitor):
    """The names a statement assigns to, or assigns items of (``out[r, c] = ...``)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        while isinstance(target, (cst.Subscript, cst.Attribute)):
            target = target.value
        if isinstance(target, cst.Name):
            self.names.add(target.value)


def out_of_reach(finding: Finding, statements: Statements) -> str | None:
    """Why ``finding``'s fix edits something it may not, or None when it may apply."""
    positions = statements.positions
    fix = finding.fix
    assert isinstance(fix, Fix)
    start = (finding.line, finding.col - 1)
    end = (finding.end_line or finding.line, (finding.end_col or finding.col) - 1)
    home = statements.innermost(start, end)
    for edit in fix.edits:
        pos = positions.get(edit.original)
        if pos is None:
            return "an edit has no position"
        if home is not None and home[1] <= _start(pos) and _end(pos) <= home[2]:
            continue
        own = statements.innermost(_start(pos), _end(pos))
        if own is not None and _own_value(own[0], edit.original):
            continue
        if home is not None and _dead_store(edit.original, edit.replacement, home[0]):
            continue
        return f"its edit on line {pos.start.line} is part of another statement's expression"
    return None


def within_reach(
    module: cst.Module, positions: dict, findings: Sequence[Finding], tree: ast.AST | None
) -> list[Finding]:
    """The ``findings`` whose fixes pass :func:`out_of_reach`, judged without fixing.

    ``positions`` are a check's: the innermost statement holding each reported node and
    each edited one (the engine adds those); an edit it lacks is positioned here.  The
    innermost statement holding a range is then the deepest positioned statement that
    holds it, which is what :class:`Statements` finds from the module down, so
    ``convflip check`` marks ``[*]`` exactly the fixes this rail lets through.  (The
    re-check rail needs the fixed text and is not judged here.)
    """
    with_fix = [f for f in findings if isinstance(f.fix, Fix)]
    if not with_fix:
        return []
    missing = [
        edit.original
        for finding in with_fix
        for edit in finding.fix.edits  # type: ignore[union-attr]
        if edit.original not in positions
    ]
    if missing:
        from ..positions import positions_for

        positions = {**positions, **positions_for(module, missing, tree, innermost=True)}
    with gc_paused():  # the positions hold every node of their statements (budget.py)
        statements = PositionedStatements(positions)
        return [f for f in with_fix if out_of_reach(f, statements) is None]


class PositionedStatements:
    """:class:`Statements`' lookup over the statements that have positions.

    Statements nest or are disjoint, so among the positioned statements holding a range
    the innermost is the one that starts last (ties: the one that ends first).
    """

    def __init__(self, positions) -> None:
        self.positions = positions
        placed = sorted(
            ((_start(pos), _negated(_end(pos))), stmt)
            for stmt, pos in positions.items()
            if isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
        )
        self._keys = [key for key, _ in placed]
        self._nodes = [stmt for _, stmt in placed]

    def innermost(self, start: Point, end: Point) -> tuple[cst.CSTNode, Point, Point] | None:
        index = bisect.bisect_right(self._keys, (start, (1, 1))) - 1
        while index >= 0:
            stmt = self._nodes[index]
            pos = self.positions[stmt]
            if _start(pos) <= start and end <= _end(pos):
                return _with_header(stmt, pos, start, end, self.positions)
            index -= 1
        return None


def _negated(point: Point) -> Point:
    return -point[0], -point[1]


def _with_header(stmt, pos, start: Point, end: Point, positions):
    """``stmt`` and the span a fix may edit: its header when the range lies there."""
    if isinstance(stmt, cst.SimpleStatementLine):
        return stmt, _start(pos), _end(pos)
    body = getattr(stmt, "body", None)
    body_pos = positions.get(body) if body is not None else None
    if body_pos is not None and start < _start(body_pos) and end <= _start(body_pos):
        return stmt, _start(pos), _start(body_pos)
    return stmt, _start(pos), _end(pos)


def _key(finding: Finding) -> tuple[str, str]:
    return finding.code, finding.message


def new_findings(
    before: Iterable[Finding], fixed: Iterable[Finding], after: Iterable[Finding]
) -> list[Finding]:
    """The findings of ``after`` that ``before`` minus the ``fixed`` ones does not have."""
    expected = Counter(_key(f) for f in before)
    expected.subtract(_key(f) for f in fixed)
    out = []
    for finding in after:
        key = _key(finding)
        if expected[key] > 0:
            expected[key] -= 1
        else:
            out.append(finding)
    return out


def _import_lines(text: str) -> set[int]:
    try:
        tree = ast.parse(text.removeprefix("\ufeff"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    lines: set[int] = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def _is_import_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(("import ", "from "))


def stray_lines(before: str, after: str, pointed: set[int]) -> list[int]:
    """Lines of ``before`` (1-based) that changed though nothing pointed at them.

    ``pointed`` holds the lines of the applied findings and of their edits; top-level
    import lines may change (imports are added and removed), and inserted lines are
    fine next to a pointed line or when they are imports.
    """
    allowed = pointed | _import_lines(before)
    old, new = source_lines(before), source_lines(after)
    stray: list[int] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert":
            # difflib may anchor on a blank line and place the insert after it (two
            # identical lines fixed, an import added above them): look past blank lines
            above = i1
            while above > 0 and not old[above - 1].strip():
                above -= 1
            near = {above, i1, i1 + 1} & allowed
            if not near and not all(_is_import_or_blank(line) for line in new[j1:j2]):
                stray.append(i1 + 1)
            continue
        stray.extend(n for n in range(i1 + 1, i2 + 1) if n not in allowed)
    return stray


def pointed_lines(chosen: Iterable[Finding], positions) -> set[int]:
    """The lines the applied findings and their edits cover."""
    lines: set[int] = set()
    for finding in chosen:
        lines.update(range(finding.line, (finding.end_line or finding.line) + 1))
        assert isinstance(finding.fix, Fix)
        for edit in finding.fix.edits:
            pos = positions.get(edit.original)
            if pos is not None:
                lines.update(range(pos.start.line, pos.end.line + 1))
    return lines
