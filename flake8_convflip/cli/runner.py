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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .. import gate
from ..config import Config
from ..engine import Finding, check_source
from ..fix.files import SourceFile, decode_source, read_source, write_source

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
    error: str | None = None  # the file could not be read, parsed or safely fixed
    internal: bool = False  # the error is a bug of ours, not a property of the file
    diff: str = ""
    changed: bool = False
    output: str | None = None  # the fixed text, for stdin input


def _parse(source: SourceFile) -> ast.AST | str:
    try:
        return ast.parse(source.text)
    except SyntaxError as exc:
        return f"cannot parse: {exc.msg} (line {exc.lineno})"
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"cannot parse: {exc}"


def _load(path: str, stdin: bytes | None) -> SourceFile | str:
    try:
        if stdin is not None:
            return decode_source(stdin, Path(path))
        return read_source(Path(path))
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return f"cannot read: {exc}"


def _load_parsed(
    path: str, stdin: bytes | None, outcome: FileOutcome
) -> tuple[SourceFile, ast.AST] | None:
    """The file's text and ast, or None with ``outcome.error`` saying why not."""
    source = _load(path, stdin)
    if isinstance(source, str):
        outcome.error = source
        return None
    tree = _parse(source)
    if isinstance(tree, str):
        outcome.error = tree
        return None
    return source, tree


def check_file(path: str, options: Options, stdin: bytes | None = None) -> FileOutcome:
    """Report one file's findings exactly as the flake8 plugin plus flake8's noqa would."""
    outcome = FileOutcome(path)
    try:
        loaded = _load_parsed(path, stdin, outcome)
        if loaded is None:
            return outcome
        source, tree = loaded
        findings = check_source(source.text, options.codes_for(Path(path)), tree)
        outcome.records = [Record.of(f) for f in findings]
    except Exception as exc:  # keep going over the other files; exit 2 at the end
        outcome.error, outcome.internal = f"internal error: {exc!r}", True
    return outcome


def fix_file(path: str, options: Options, stdin: bytes | None = None) -> FileOutcome:
    """Apply the fixes to one file (or compute the diff), keeping every trust rail."""
    from ..fix.apply import fix_source  # libcst only when something may need fixing

    outcome = FileOutcome(path)
    try:
        loaded = _load_parsed(path, stdin, outcome)
        if loaded is None:
            return outcome
        source, tree = loaded
        codes = options.codes_for(Path(path))
        if not codes or not gate.needs_analysis(tree, source.text, codes):
            outcome.output = source.text
            return outcome
        result = fix_source(
            source.text, codes, unsafe=options.unsafe, fix_target=options.fix_target
        )
        outcome.records = [Record.of(f) for f in result.remaining]
        outcome.held_back = result.held_back_unsafe
        outcome.output = result.source
        if result.error is not None:
            outcome.error = result.error
            return outcome
        outcome.fixed = [Record.of(f) for f in result.applied]
        outcome.changed = result.source != source.text
        if outcome.changed:
            _deliver(path, source, result.source, options, outcome, stdin is not None)
    except Exception as exc:
        outcome.error, outcome.internal = f"internal error: {exc!r}", True
    return outcome


def _deliver(
    path: str, source: SourceFile, text: str, options: Options, outcome: FileOutcome, stdin: bool
) -> None:
    if options.diff:
        outcome.diff = unified_diff(path, source.text, text)
    elif options.write and not stdin:
        write_source(source, text)


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
