"""Source text in, findings out: gate -> one libcst parse -> facts -> rules -> positions.

Shared by the flake8 plugin and the ``convflip`` command line, so both report the same
codes on the same lines.  Nothing here raises on bad input: a file libcst cannot parse
yields no finding (flake8 reports E999 itself); a rule that fails on a file, or a file
over its budget, yields one ``CNV000`` finding that says so.
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import gate
from .budget import Budget, BudgetExceeded, Size, gc_paused, measure, over_budget, run_deep
from .codes import DEFAULT_ENABLED
from .types import INTERNAL_CODE, Finding

__all__ = [
    "Analysis",
    "Engine",
    "Finding",
    "analyze",
    "analyze_module",
    "check_source",
    "lint_source",
    "noqa_codes",
    "suppressed",
]

log = logging.getLogger("flake8_convflip")

# flake8's own noqa syntax: bare, or with a comma/space separated list of codes.
NOQA = re.compile(r"#\s*noqa(?::[\s]?(?P<codes>([A-Z][0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_CODE_SEP = re.compile(r"[,\s]+")


def _strip_bom(source: str) -> str:
    return source[1:] if source.startswith("\ufeff") else source


@dataclass
class Analysis:
    """A parsed file, its findings, and the positions of every reported/edited node."""

    module: object  # libcst.Module, or None when the file did not parse
    findings: list[Finding]
    positions: dict  # libcst node -> CodeRange (filled only when something was reported)


@dataclass
class Engine:
    """Lints source texts for one set of enabled codes, and counts its libcst parses.

    The module-level functions below make a fresh engine per call; a caller that wants
    to know how often the gate let a file through to libcst keeps one engine and reads
    :attr:`parses`.  Whatever goes wrong inside the analysis of a file (a rule's bug,
    a file over its :class:`Budget`) becomes one ``CNV000`` finding on line 1 when
    ``CNV000`` is enabled, never an exception and never a silently empty result.
    """

    enabled: frozenset[str] = DEFAULT_ENABLED
    fix_target: str = "convflip"
    budget: Budget = field(default_factory=Budget)
    parses: int = 0  # libcst parses this engine has run
    # position whole top-level statements around findings (the fixer's rails read them);
    # otherwise only the innermost statement holding each reported node
    statement_positions: bool = False

    def analyze_module(
        self, source: str, codes: Iterable[str] | None = None, tree: ast.AST | None = None
    ) -> Analysis:
        """Parse with libcst once and run ``codes`` (default: the enabled ones); no gate.

        ``tree`` is the file's ast when the caller has it; it is measured against the
        budget before libcst sees the file (without it the text is parsed with
        :mod:`ast` for that).
        """
        with gc_paused():
            return self._analyze(_strip_bom(source), codes, tree)

    def _analyze(self, text: str, codes: Iterable[str] | None, tree) -> Analysis:
        if tree is None:
            tree = _parse(text)
        size = _measure(tree)
        if isinstance(size, str):
            return Analysis(None, self._internal(f"file skipped: {size}"), {})
        reason = over_budget(size, self.budget) if size is not None else None
        if reason is not None:
            return Analysis(None, self._internal(f"file skipped: {reason}"), {})
        chosen = sorted(set(self.enabled if codes is None else codes) - {INTERNAL_CODE})
        depth = size.depth if size is not None else 0
        try:
            # the parse too: libcst's native parser recurses on the C stack
            return run_deep(lambda: self._parse_and_run(text, chosen, tree), depth)
        except RecursionError:
            reason = "nesting too deep for the analysis (RecursionError)"
            return Analysis(None, self._internal(f"file skipped: {reason}"), {})
        except Exception as exc:  # positions or the collector: still never a crash
            return Analysis(None, self._internal(_internal_message("the analysis", exc)), {})

    def _parse_and_run(self, text: str, codes: list[str], tree: ast.AST | str | None) -> Analysis:
        import libcst as cst

        try:
            self.parses += 1
            module = cst.parse_module(text)
        except (cst.ParserSyntaxError, RecursionError, ValueError, SyntaxError) as exc:
            log.debug("libcst could not parse: %s", exc)
            if not isinstance(tree, ast.AST):
                return Analysis(None, [], {})  # Python cannot parse it either (E999)
            # Python reads the file: an empty result would hide that nothing was checked
            return Analysis(None, self._internal(f"file skipped: {_libcst_failed(exc)}"), {})
        ast_tree = tree if isinstance(tree, ast.AST) else None
        misread = _misread_continuation(text, module)
        if misread:
            return Analysis(None, self._internal(f"file skipped: {misread}"), {})
        return self._run_rules(module, codes, ast_tree, text)

    def _run_rules(
        self, module, codes: list[str], tree: ast.AST | None = None, source: str | None = None
    ) -> Analysis:
        from .analysis.collect import collect
        from .rules import load_rules
        from .rules.base import Report

        deadline = self.budget.clock()
        facts = collect(module, source)
        facts.deadline = deadline
        reports: list[Report] = []
        internal: list[Finding] = []
        rules = load_rules()
        for code in codes:
            rule_cls = rules.get(code)
            if rule_cls is None:
                continue
            try:
                deadline.check_now()
                rule_cls(facts, reports.append, self.fix_target).run()
            except BudgetExceeded as exc:
                internal = self._internal(f"file skipped from {code} on: {exc}")
                break
            except Exception as exc:  # a rule bug must not cost the user their run
                log.debug("%s failed on this file", code, exc_info=True)
                internal.extend(self._internal(_internal_message(code, exc)))
        if not reports:
            return Analysis(module, internal, {})
        from .positions import positions_for

        if self.statement_positions:  # the fixer: edits too, in whole statements
            positions = positions_for(module, _reported_nodes(reports), tree, facts.top_level)
        else:
            # and the nodes the fixes edit, where the collector knows their statement:
            # check judges the fixer's reach rail on these (fix.rails.within_reach)
            nodes = [report.node for report in reports] + [
                edit.original
                for report in reports
                if report.fix is not None
                for edit in report.fix.edits
                if id(edit.original) in facts.top_level
            ]
            positions = positions_for(module, nodes, tree, facts.top_level, innermost=True)
        findings = _without_deferred(_findings(reports, positions), rules)
        return Analysis(module, internal + findings, positions)

    def _internal(self, message: str) -> list[Finding]:
        """One CNV000 finding on line 1 (none when CNV000 is not enabled)."""
        if INTERNAL_CODE not in self.enabled:
            return []
        return [Finding(1, 1, INTERNAL_CODE, f"{INTERNAL_CODE} {message}")]

    def lint(self, source: str, tree: ast.AST | None = None) -> list[Finding]:
        """Gate the file on its ast, then analyze it if some enabled rule may fire."""
        return self.lint_analysis(source, tree).findings

    def lint_analysis(self, source: str, tree: ast.AST | None = None) -> Analysis:
        """:meth:`lint`, keeping the parsed module and the positions it computed.

        ``convflip check`` judges on them which fixes ``fix`` would apply (the reach
        rail); the module is None when the gate or the parse stopped the file.
        """
        with gc_paused():
            return self._lint(source, tree)

    def _lint(self, source: str, tree: ast.AST | None) -> Analysis:
        if not self.enabled or not gate.text_may_have_candidates(source):
            return Analysis(None, [], {})
        if tree is None:
            try:
                tree = ast.parse(_strip_bom(source))
            except (SyntaxError, ValueError):
                # flake8 reports E999; the CLI lints such files through libcst alone
                return Analysis(None, [], {})
            except (RecursionError, MemoryError) as exc:
                return Analysis(None, self._internal(f"file skipped: {_too_deep(exc)}"), {})
        # a rule may fire only on files its own predicate passes: run just those rules
        try:
            codes = gate.gated_codes(tree, source, self.enabled)
        except Exception as exc:  # RecursionError on a deep ast included
            return Analysis(None, self._internal(_internal_message("the gate", exc)), {})
        if not codes:
            return Analysis(None, [], {})
        return self.analyze_module(source, codes, tree)

    def check(
        self, source: str, tree: ast.AST | None = None, *, honor_noqa: bool = True
    ) -> list[Finding]:
        """:meth:`lint` minus the findings a noqa silences (see :func:`check_source`)."""
        findings = self.lint(source, tree)
        if not honor_noqa or not findings:
            return findings
        lines = source_lines(_strip_bom(source))
        return [f for f in findings if not suppressed(f, lines)]


def _internal_message(where: str, exc: BaseException) -> str:
    """``internal error in CNV203 (please report): ValueError: ...`` on one line."""
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:197] + "..."
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return f"internal error in {where} (please report): {detail}"


# a line holding only a backslash (and indentation) joins the next line to it
_BACKSLASH_LINE = re.compile(r"^[ \t\f]*\\\r?\n", re.MULTILINE)


def _libcst_failed(exc: BaseException) -> str:
    line = getattr(exc, "raw_line", None)
    where = f" (line {line})" if line else ""
    return f"libcst cannot parse this file, which Python can{where}: {type(exc).__name__}"


def _misread_continuation(text: str, module) -> str | None:
    """Why libcst's tree is not the file, or None.

    libcst drops a line holding only a backslash and may then attach the next line to
    the wrong block (``return out`` moved into the loop above it); its positions then
    run past the end of their lines.  Such files are rare, and only for them is the
    module's code generated to compare (found by benchmarks/fuzz.py).
    """
    found = _BACKSLASH_LINE.search(text)
    if found is None or module.code == text:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return f"libcst misreads the line holding only a backslash (line {line})"


def _parse(text: str) -> ast.AST | str | None:
    """The file's ast; None on a syntax error (libcst decides then), or a reason to skip
    the file when Python's own parser gives up on its nesting."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    except (RecursionError, MemoryError) as exc:
        return _too_deep(exc)


def _measure(tree: ast.AST | str | None) -> Size | str | None:
    """The file's size on its ast (or what :func:`_parse` said instead of a tree)."""
    if tree is None or isinstance(tree, str):
        return tree
    return measure(tree)


def _too_deep(exc: BaseException) -> str:
    return f"too deeply nested for Python's parser ({type(exc).__name__})"


def analyze_module(
    source: str, enabled: Iterable[str] = DEFAULT_ENABLED, fix_target: str = "convflip"
) -> Analysis:
    """Parse with libcst once and run the enabled rules (callers gate first)."""
    return Engine(frozenset(enabled), fix_target).analyze_module(source)


def analyze(
    source: str, enabled: Iterable[str] = DEFAULT_ENABLED, fix_target: str = "convflip"
) -> list[Finding]:
    """The findings of :func:`analyze_module`."""
    return analyze_module(source, enabled, fix_target).findings


def _reported_nodes(reports) -> list:
    """The nodes reports blame and the nodes their fixes edit (the ones to position)."""
    nodes = []
    for report in reports:
        nodes.append(report.node)
        fix = report.fix
        if fix is not None:
            nodes.extend(edit.original for edit in fix.edits)
    return nodes


def _without_deferred(findings: list[Finding], rules) -> list[Finding]:
    """Drop a finding whose rule yields to another code reported on the same line."""
    by_line: dict[int, set[str]] = {}
    for finding in findings:
        by_line.setdefault(finding.line, set()).add(finding.code)
    return [
        f
        for f in findings
        if not by_line[f.line] & set(getattr(rules.get(f.code), "YIELDS_TO", ()))
    ]


def _findings(reports, positions) -> list[Finding]:
    findings = []
    for report in reports:
        pos = positions.get(report.node)
        if pos is None:
            continue
        findings.append(
            Finding(
                pos.start.line,
                pos.start.column + 1,
                report.code,
                report.message,
                report.fix,
                pos.end.line,
                pos.end.column + 1,
            )
        )
    unique = {(f.line, f.col, f.code, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.line, f.col, f.code, f.message))


def lint_source(
    source: str,
    enabled: Iterable[str] = DEFAULT_ENABLED,
    tree: ast.AST | None = None,
) -> list[Finding]:
    """Gate the file on its ast, then analyze it if some enabled rule may fire."""
    return Engine(frozenset(enabled)).lint(source, tree)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """``text``'s lines as Python and flake8 count them (no line endings).

    Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line; ``str.splitlines`` also splits
    on form feeds, ``\\v``, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028`` and ``\\u2029``,
    which shifts every later line number.
    """
    return _LINE_BREAK.split(text)


def noqa_codes(line: str) -> frozenset[str] | None:
    """None when the line has no noqa; empty set for a bare noqa; else the codes."""
    match = NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(c.upper() for c in _CODE_SEP.split(codes) if c)


def suppressed(finding: Finding, lines: list[str]) -> bool:
    """flake8's rule: a noqa on the reported line silences it (bare, or by code prefix)."""
    if not 0 < finding.line <= len(lines):
        return False
    codes = noqa_codes(lines[finding.line - 1])
    if codes is None:
        return False
    return not codes or any(finding.code.startswith(c) for c in codes)


def check_source(
    source: str,
    enabled: Iterable[str] = DEFAULT_ENABLED,
    tree: ast.AST | None = None,
    *,
    honor_noqa: bool = True,
) -> list[Finding]:
    """What one file reports: :func:`lint_source` minus the findings a noqa silences.

    The command line uses this; the flake8 plugin calls :func:`lint_source` and leaves
    noqa to flake8 (so flake8's ``--disable-noqa`` and flake8-noqa keep working).  Both
    apply the same :func:`suppressed` rule, so both report the same lines.
    """
    return Engine(frozenset(enabled)).check(source, tree, honor_noqa=honor_noqa)
