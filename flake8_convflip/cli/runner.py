"""Checking and fixing one file, and running that over many files.

Per-file work returns plain, picklable data (:class:`FileOutcome`), so the same
functions run in-process or in a process pool.  The pool is used only when it pays:
more than one core, at least :data:`PARALLEL_MIN_FILES` files, and not under
pre-commit (which already splits the file list over its own processes; nesting pools
there was measured to be several times slower).
"""

from __future__ import annotations

import ast
import difflib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from .. import gate
from ..config import Config
from ..engine import Analysis, Engine, Finding
from .documents import (
    INTERNAL_ERROR,
    PARSE_ERROR,
    READ_ERROR,
    Document,
    Problem,
    load_document,
)
from .noqa import unsuppressed
from .notebook import NotebookError

PARALLEL_MIN_FILES = 48


@dataclass(frozen=True)
class Options:
    """Everything per-file work needs (picklable: it travels to worker processes)."""

    config: Config
    codes: frozenset[str]  # before per-file-ignores
    unsafe: bool = False
    fix_target: str = "convflip"
    diff: bool = False
    write: bool = True

    def codes_for(self, path: Path) -> frozenset[str]:
        return self.config.codes_for(path, self.codes)


@dataclass(frozen=True)
class Record:
    """One finding as output formats need it."""

    line: int
    col: int
    end_line: int
    end_col: int
    code: str
    message: str
    fix: str | None = None  # "safe", "unsafe" or None
    fix_title: str = ""
    cell: int | None = None  # a notebook's 1-based code cell (lines are then cell lines)

    @classmethod
    def of(cls, finding: Finding) -> Record:
        fix = finding.fix
        safety = None if fix is None else ("safe" if getattr(fix, "safe", False) else "unsafe")
        return cls(
            finding.line,
            finding.col,
            finding.end_line or finding.line,
            finding.end_col or finding.col,
            finding.code,
            finding.message,
            safety,
            getattr(fix, "title", ""),
        )


@dataclass
class FileOutcome:
    """What happened to one file."""

    path: str
    records: list[Record] = field(default_factory=list)  # reported (check) or left (fix)
    fixed: list[Record] = field(default_factory=list)
    held_back: int = 0  # unsafe fixes not applied
    refused: list[Record] = field(default_factory=list)  # fixes a rail stopped (fix_title: why)
    error: str | None = None  # the file could not be read, parsed or safely fixed
    internal: bool = False  # the error is a bug of ours, not a property of the file
    error_code: str = READ_ERROR  # READ_ERROR, PARSE_ERROR or INTERNAL_ERROR
    error_line: int = 1
    error_col: int = 1
    diff: str = ""
    changed: bool = False
    output: str | None = None  # the fixed text, for stdin input
    output_bytes: bytes | None = None  # the same, encoded as the input was (BOM, cookie)
    notes: list[Record] = field(default_factory=list)  # error entries of parts (cells)


def _internal(outcome: FileOutcome, exc: BaseException) -> None:
    outcome.error = f"internal error (please report): {type(exc).__name__}: {exc}"
    outcome.internal, outcome.error_code = True, INTERNAL_ERROR


def _load(path: str, stdin: bytes | None, outcome: FileOutcome) -> Document | None:
    """The file as a :class:`Document`, or None with the error entry in ``outcome``."""
    document = load_document(path, stdin)
    if isinstance(document, Problem):
        outcome.error, outcome.error_code = document.message, document.code
        outcome.error_line, outcome.error_col = document.line, document.col
        return None
    outcome.notes = [
        Record(p.line, p.col, p.line, p.col, p.code, p.message, cell=p.cell)
        for p in document.problems
    ]
    return document


def check_file(path: str, options: Options, stdin: bytes | None = None) -> FileOutcome:
    """Report one file's findings exactly as the flake8 plugin plus flake8's noqa would."""
    outcome = FileOutcome(path)
    try:
        document = _load(path, stdin, outcome)
        if document is None:
            return outcome
        codes = options.codes_for(Path(path))
        text = document.python
        # the fix target decides the messages and the fixes' safety, as under `fix`
        engine = Engine(codes, options.fix_target)
        analysis = engine.lint_analysis(text, document.tree)
        findings = unsuppressed(analysis.findings, text)
        fixable = _fixable(text, analysis, findings, codes, options, document.tree)
        outcome.records = [document.place(_marked(Record.of(f), fixable)) for f in findings]
    except Exception as exc:  # keep going over the other files; exit 2 at the end
        _internal(outcome, exc)
    return outcome


def _key(finding: Finding | Record) -> tuple[int, int, str]:
    return finding.line, finding.col, finding.code


def _fixable(
    text: str,
    analysis: Analysis,
    findings: Sequence[Finding],
    codes: frozenset[str],
    options: Options,
    tree: ast.AST | None,
) -> set[tuple[int, int, str]]:
    """The findings whose fixes ``convflip fix --unsafe-fixes`` would apply.

    In a file with a ``# noqa`` the fixer decides (a noqa on an edited line blocks a
    fix), so ``check`` marks and counts what ``fix`` would do.  Without one, a fix
    counts when it passes the fixer's reach rail, judged on this analysis (the fixer's
    own pass costs several times the check); only the re-check rail, which needs the
    fixed text, is left to ``fix``.
    """
    if not any(f.fix is not None for f in findings):
        return set()
    if "noqa" not in text.lower():  # nothing can block a fix but the reach rail
        from ..fix import rails  # not fix.apply: libcst's codemod visitors cost 0.2 s to import

        module = analysis.module
        if module is None:
            return set()
        reachable = rails.within_reach(module, analysis.positions, findings, tree)  # type: ignore[arg-type]
        return {_key(f) for f in reachable}
    from ..fix.apply import fix_source

    result = fix_source(text, codes, unsafe=True, fix_target=options.fix_target)
    if result.error is not None:
        return set()
    return {_key(f) for f in result.applied}


def _marked(record: Record, fixable: set[tuple[int, int, str]]) -> Record:
    if record.fix is None or _key(record) in fixable:
        return record
    return replace(record, fix=None, fix_title="")


def fix_file(path: str, options: Options, stdin: bytes | None = None) -> FileOutcome:
    """Apply the fixes to one file (or compute the diff), keeping every trust rail."""
    from ..fix.apply import fix_source  # libcst only when something may need fixing

    outcome = FileOutcome(path)
    try:
        document = _load(path, stdin, outcome)
        if document is None:
            return outcome
        text = document.python
        outcome.output = document.original
        codes = options.codes_for(Path(path))
        if not codes or not gate.needs_analysis(document.tree, text, codes):
            return outcome
        result = fix_source(text, codes, unsafe=options.unsafe, fix_target=options.fix_target)
        outcome.held_back = result.held_back_unsafe
        outcome.refused = [
            document.place(replace(Record.of(f), fix_title=why)) for f, why in result.refused
        ]
        if result.error is not None:
            outcome.records = [document.place(Record.of(f)) for f in result.remaining]
            outcome.error = result.error
            unparsable = result.error.startswith("libcst cannot parse")  # Python cannot either
            outcome.error_code = PARSE_ERROR if unparsable else INTERNAL_ERROR
            outcome.internal = "internal error" in result.error
            return outcome
        try:
            fixed = document.with_python(result.source)
        except NotebookError as exc:
            outcome.records = [document.place(Record.of(f)) for f in result.remaining]
            outcome.error, outcome.error_code = f"not rewritten: {exc}", READ_ERROR
            return outcome
        outcome.records = [fixed.place(Record.of(f)) for f in result.remaining]
        outcome.fixed = [document.place(Record.of(f)) for f in result.applied]
        outcome.output = fixed.original
        outcome.changed = fixed.original != document.original
        if stdin is not None and outcome.changed:
            outcome.output_bytes = fixed.encoded()
        if outcome.changed and options.diff:
            outcome.diff = unified_diff(path, document.original, fixed.original)
        elif outcome.changed and options.write and stdin is None:
            document.write(fixed)
    except Exception as exc:
        _internal(outcome, exc)
    return outcome


def unified_diff(path: str, before: str, after: str) -> str:
    """A ``git diff``-style unified diff of one file."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


class Progress:
    """A one-line progress bar on a terminal's stderr; silent anywhere else."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        if enabled is None:
            enabled = total > 1 and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = enabled

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} files")
        if self.done == self.total:
            self.stream.write("\r" + " " * (width + 24) + "\r")
        self.stream.flush()


def default_jobs() -> int:
    """Worker processes to use: one under pre-commit, else the number of cores."""
    if os.environ.get("PRE_COMMIT"):
        return 1
    return os.cpu_count() or 1


def run_files(
    work: Callable[[str, Options], FileOutcome],
    paths: Sequence[str],
    options: Options,
    jobs: int,
    progress: Progress | None = None,
) -> list[FileOutcome]:
    """Run ``work`` over ``paths`` (in a process pool when it pays), keeping their order."""
    progress = progress or Progress(len(paths))
    if jobs > 1 and len(paths) >= PARALLEL_MIN_FILES:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = 1  # a few large files dominate; small chunks balance them
            results = pool.map(work, paths, [options] * len(paths), chunksize=chunk)
            return _collect(results, progress)
    return _collect((work(path, options) for path in paths), progress)


def _collect(results: Iterable[FileOutcome], progress: Progress) -> list[FileOutcome]:
    out = []
    for outcome in results:
        out.append(outcome)
        progress.step()
    return out
