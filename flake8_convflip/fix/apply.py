"""Apply rule fixes to source text, with the trust rails.

* A fix whose finding or any edited line carries a ``# noqa`` naming its code (or a
  bare one) is never applied.
* Unsafe fixes are applied only when asked for; the rest are counted as held back.
* Edits are swapped in by node identity, never descending into a replaced node; the
  pass repeats (re-analysing the new text) until nothing changes.
* New imports go through libcst's AddImportsVisitor; an import a fix left unused is
  removed with RemoveImportsVisitor, which checks every remaining use first.
* The result must parse with libcst and compile; otherwise the file is left alone.
* Beyond the rules' judgement (rails.py): a fix edits its finding's statement (or the
  value a statement of its own computes), and every pass is re-analysed; a pass that
  makes a new finding appear or changes a line nothing pointed at is undone, and the
  fixes that fail on their own are reported in ``refused`` and left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import libcst as cst

from .. import gate
from ..analysis.exprs import walk
from ..budget import measure, run_deep
from ..codes import DEFAULT_ENABLED
from ..engine import Analysis, Engine, noqa_codes, source_lines, suppressed
from ..types import INTERNAL_CODE, Finding, Fix
from . import imports, rails

MAX_PASSES = 8


@dataclass
class FixResult:
    """What fixing one source text did."""

    source: str
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    held_back_unsafe: int = 0
    error: str | None = None
    refused: list[tuple[Finding, str]] = field(default_factory=list)  # stopped by a rail

    def changed(self, original: str) -> bool:
        return self.source != original


class _Replacer(cst.CSTTransformer):
    def __init__(self, edits: dict[int, cst.CSTNode]) -> None:
        super().__init__()
        self.edits = edits

    def on_visit(self, node: cst.CSTNode) -> bool:
        return id(node) not in self.edits

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        return self.edits.get(id(original_node), updated_node)


def _edit_lines_clear(fix: Fix, code: str, analysis: Analysis, lines: list[str]) -> bool:
    for edit in fix.edits:
        pos = analysis.positions.get(edit.original)
        if pos is None:
            return False
        for number in range(pos.start.line, pos.end.line + 1):
            codes = noqa_codes(lines[number - 1]) if number <= len(lines) else None
            if codes is not None and (not codes or any(code.startswith(c) for c in codes)):
                return False
    return True


def _choose(
    analysis: Analysis, lines: list[str], unsafe: bool, refused: set[tuple]
) -> tuple[list[Finding], list[Finding], int, list[tuple[Finding, str]]]:
    """(findings whose fixes apply now, findings left, unsafe fixes held back, refusals)."""
    chosen, left, held, stopped = [], [], 0, []
    taken: set[int] = set()
    statements = rails.Statements(analysis.module, analysis.positions)  # type: ignore[arg-type]
    for finding in analysis.findings:
        fix = finding.fix
        if suppressed(finding, lines):
            continue
        if not isinstance(fix, Fix):
            left.append(finding)
            continue
        if not _edit_lines_clear(fix, finding.code, analysis, lines):
            left.append(replace(finding, fix=None))  # a noqa on an edited line: never fixable
            continue
        if not fix.safe and not unsafe:
            held += 1
            left.append(finding)
            continue
        if _refusal_key(finding, lines) in refused:
            left.append(finding)
            continue
        reason = rails.out_of_reach(finding, statements)
        if reason is not None:
            refused.add(_refusal_key(finding, lines))
            stopped.append((finding, f"not applied: {reason}"))
            left.append(finding)
            continue
        ids = {id(edit.original) for edit in fix.edits}
        if ids & taken:
            left.append(finding)  # overlaps an edit of this pass; next pass
            continue
        taken |= ids
        chosen.append(finding)
    return chosen, left, held, stopped


def _refusal_key(finding: Finding, lines: list[str]) -> tuple:
    """A finding's identity across passes (its line number moves when imports change)."""
    text = lines[finding.line - 1].strip() if 0 < finding.line <= len(lines) else ""
    return finding.code, finding.message, text


def _with_imports(module: cst.Module, fixes: Iterable[Fix]) -> cst.Module:
    return imports.with_imports(module, fixes)


def _compiles(code: str) -> bool:
    """Python compiles ``code`` (libcst's parse is the re-check's own, in :func:`_analyse`)."""
    try:
        compile(code, "<fixed>", "exec")
    except Exception:
        return False
    return True


class _Unparsable(Exception):
    """The text was not analysed (libcst could not parse it, or it is over the budget);
    the file is reported with this reason and left alone."""


def _analyse(source: str, enabled: frozenset[str], fix_target: str) -> Analysis:
    # CNV000 always on: a file over the budget says so, and a fix that makes the
    # analysis fail is a new finding the re-check rail rolls back
    engine = Engine(enabled | {INTERNAL_CODE}, fix_target, statement_positions=True)
    analysis = engine.analyze_module(source, _gated(source, enabled))
    if analysis.module is None:
        skipped = [f.message for f in analysis.findings if f.code == INTERNAL_CODE]
        if skipped:
            raise _Unparsable(skipped[0].removeprefix(f"{INTERNAL_CODE} "))
        raise _Unparsable("libcst cannot parse this file; left unchanged")
    return analysis


def _apply(analysis: Analysis, chosen: list[Finding]) -> str:
    edits = {id(e.original): e.replacement for f in chosen for e in f.fix.edits}  # type: ignore[union-attr]
    module = analysis.module
    assert isinstance(module, cst.Module)
    # only the top-level statements holding an edit are transformed (libcst's
    # transformer rebuilds every node it visits: a 20,000-element list took seconds)
    replacer = _Replacer(edits)
    body = []
    for stmt in module.body:
        if id(stmt) in edits or any(id(n) in edits for n in walk(stmt, into_functions=True)):
            stmt = stmt.visit(replacer)
            if isinstance(stmt, cst.RemovalSentinel):
                continue
        body.append(stmt)
    return _with_imports(module.with_changes(body=body), [f.fix for f in chosen]).code  # type: ignore[misc]


@dataclass
class _Attempt:
    text: str
    analysis: Analysis | None = None
    problem: str | None = None  # why the rails undo it


def _attempt(
    current: str, analysis: Analysis, chosen: list[Finding], enabled, fix_target: str
) -> _Attempt:
    """Apply ``chosen`` to ``current`` and run the re-check rail on the result."""
    new = _apply(analysis, chosen)
    if new == current:
        return _Attempt(new, analysis)
    if not _compiles(new):
        return _Attempt(new, problem="the fixed code does not parse or compile")
    try:
        after = _analyse(new, enabled, fix_target)
    except _Unparsable as exc:
        return _Attempt(new, problem=f"the fixed code was not analysed ({exc})")
    born = rails.new_findings(analysis.findings, chosen, after.findings)
    if born:
        first = born[0]
        return _Attempt(new, after, f"re-check found a new {first.code} on line {first.line}")
    stray = rails.stray_lines(current, new, rails.pointed_lines(chosen, analysis.positions))
    if stray:
        return _Attempt(new, after, f"it changed line {stray[0]}, which no finding pointed at")
    return _Attempt(new, after)


def _checked_pass(
    current: str, analysis: Analysis, chosen: list[Finding], enabled, fix_target: str
) -> tuple[_Attempt, list[Finding], list[tuple[Finding, str]]]:
    """The pass's attempt, the fixes kept and the ones rolled back (with the reason).

    When the whole pass fails the re-check, the fixes are retried one at a time and
    each is kept only if the text with it (and the ones kept before) passes.
    """
    whole = _attempt(current, analysis, chosen, enabled, fix_target)
    if whole.problem is None:
        return whole, chosen, []
    kept: list[Finding] = []
    rolled: list[tuple[Finding, str]] = []
    best = _Attempt(current, analysis)
    for finding in chosen:
        trial = _attempt(current, analysis, [*kept, finding], enabled, fix_target)
        if trial.problem is None:
            kept.append(finding)
            best = trial
        else:
            rolled.append((finding, f"rolled back: {trial.problem}"))
    return best, kept, rolled


def fix_source(
    source: str,
    enabled: Iterable[str] = DEFAULT_ENABLED,
    *,
    unsafe: bool = False,
    fix_target: str = "convflip",
) -> FixResult:
    """Apply fixes until nothing changes; never return text that does not parse.

    An exception anywhere in fixing (a bug of ours) leaves the text unchanged and is
    returned as the result's ``error``; so is a file too deep to fix (see budget.py).
    """
    enabled = frozenset(enabled)
    depth = _depth(source)
    try:
        return run_deep(lambda: _fix_passes(source, enabled, unsafe, fix_target), depth)
    except RecursionError:
        return FixResult(source, error="file skipped: nesting too deep to fix (RecursionError)")
    except Exception as exc:
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:240]
        return FixResult(source, error=f"internal error while fixing (please report): {detail}")


def _depth(source: str) -> int:
    """The nesting depth of ``source``'s ast (0 when it does not parse)."""
    try:
        return measure(ast.parse(source.removeprefix("\ufeff"))).depth
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return 0


def _gated(source: str, enabled: frozenset[str]) -> frozenset[str]:
    """The enabled codes the gate lets through, as ``check`` runs them.

    Running only these is what makes ``fix`` report what ``check`` reports (the gate is
    a proven superset) and keeps rules off files they cannot fire on; when the text
    does not parse with :mod:`ast`, every enabled rule runs (libcst decides).
    """
    try:
        tree = ast.parse(source.removeprefix("\ufeff"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return enabled
    return gate.gated_codes(tree, source, enabled)


def _fix_passes(source: str, enabled: frozenset[str], unsafe: bool, fix_target: str) -> FixResult:
    result = FixResult(source)
    try:
        analysis = _analyse(source, enabled, fix_target)
    except _Unparsable as exc:
        return FixResult(source, error=str(exc))
    current = source
    refused: set[tuple] = set()
    for _ in range(MAX_PASSES):
        lines = source_lines(current)
        chosen, left, held, stopped = _choose(analysis, lines, unsafe, refused)
        result.refused.extend(stopped)
        result.remaining, result.held_back_unsafe = left, held
        if not chosen:
            break
        attempt, kept, rolled = _checked_pass(current, analysis, chosen, enabled, fix_target)
        for finding, reason in rolled:
            refused.add(_refusal_key(finding, lines))
            result.refused.append((finding, reason))
        if not kept or attempt.text == current:
            result.remaining = sorted(
                left + [f for f, _ in rolled], key=lambda f: (f.line, f.col, f.code)
            )
            break
        result.applied.extend(kept)
        current = attempt.text
        assert attempt.analysis is not None
        analysis = attempt.analysis
    result.source = current
    if INTERNAL_CODE not in enabled:  # the rails saw them; the caller did not ask
        result.remaining = [f for f in result.remaining if f.code != INTERNAL_CODE]
    # a fix a rail stopped is not offered any more (``fix`` would not print it as [*])
    lines = source_lines(current)
    result.remaining = [
        replace(f, fix=None) if f.fix is not None and _refusal_key(f, lines) in refused else f
        for f in result.remaining
    ]
    return result
