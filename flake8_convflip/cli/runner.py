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
from ..engine import Finding, check_source
from ..fix.files import SourceFile, decode_source, write_source
from .noqa import unsuppressed

PARALLEL_MIN_FILES = 48

# The codes of the entries that say a file could not be checked (flake8's and ruff's).
READ_ERROR = "E902"  # cannot be read or decoded: missing, unreadable, binary, bad encoding
PARSE_ERROR = "E999"  # not valid Python
INTERNAL_ERROR = "CNV000"  # a bug of convflip's (the engine reports rule failures so too)


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
    error: str | None = None  # the file could not be read, parsed or safely fixed
    internal: bool = False  # the error is a bug of ours, not a property of the file
    error_code: str = READ_ERROR  # READ_ERROR, PARSE_ERROR or INTERNAL_ERROR
    error_line: int = 1
    error_col: int = 1
    diff: str = ""
    changed: bool = False
    output: str | None = None  # the fixed text, for stdin input


def _parse(source: SourceFile, outcome: FileOutcome) -> ast.AST | None:
    """The file's ast, or None with a PARSE_ERROR entry in ``outcome``."""
    try:
        return ast.parse(source.text)
    except SyntaxError as exc:
        outcome.error = f"cannot parse: SyntaxError: {exc.msg}"
        outcome.error_line, outcome.error_col = exc.lineno or 1, exc.offset or 1
    except (ValueError, RecursionError, MemoryError) as exc:
        outcome.error = f"cannot parse: {type(exc).__name__}: {exc}"
    outcome.error_code = PARSE_ERROR
    return None


def _load(path: str, stdin: bytes | None, outcome: FileOutcome) -> SourceFile | None:
    """The decoded file, or None with a READ_ERROR entry in ``outcome``."""
    try:
        data = stdin if stdin is not None else Path(path).read_bytes()
    except OSError as exc:
        outcome.error = f"cannot read: {describe_os_error(exc)}"
        return None
    problem = undecodable(data)
    if problem is None:
        try:
            return decode_source(data, Path(path))
        except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
            problem = _decode_problem(_utf8_error(data) or exc)
    outcome.error = f"cannot read: {problem}"
    return None


def describe_os_error(exc: OSError) -> str:
    """An OSError in one phrase that names what is wrong (symlink loop, folder, ...)."""
    import errno

    reasons = {
        errno.ELOOP: "symlink loop",
        errno.ENOENT: "no such file (a dangling symlink?)",
        errno.EISDIR: "is a folder, not a file",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))


def undecodable(data: bytes) -> str | None:
    """Why ``data`` is not Python source text at all (a binary file), or None."""
    offset = data.find(b"\x00")
    return None if offset < 0 else f"binary file (a NUL byte at offset {offset})"


def _utf8_error(data: bytes) -> UnicodeDecodeError | None:
    """Why ``data`` is not UTF-8 (the likely cause when there is no usable cookie)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    return None


def _decode_problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"not {exc.encoding.upper().replace('UTF8', 'UTF-8')} text (byte "
            f"0x{exc.object[exc.start]:02x} at offset {exc.start}); re-encode it as UTF-8 "
            "or declare its encoding in a PEP 263 coding cookie"
        )
    if isinstance(exc, LookupError):
        return f"unknown encoding in the coding cookie ({exc})"
    return f"{exc} (not UTF-8 text, and no usable PEP 263 coding cookie)"


def _load_parsed(
    path: str, stdin: bytes | None, outcome: FileOutcome
) -> tuple[SourceFile, ast.AST] | None:
    """The file's text and ast, or None with ``outcome.error`` saying why not."""
    source = _load(path, stdin, outcome)
    if source is None:
        return None
    tree = _parse(source, outcome)
    return None if tree is None else (source, tree)


def _internal(outcome: FileOutcome, exc: BaseException) -> None:
    outcome.error = f"internal error (please report): {type(exc).__name__}: {exc}"
    outcome.internal, outcome.error_code = True, INTERNAL_ERROR


def check_file(path: str, options: Options, stdin: bytes | None = None) -> FileOutcome:
    """Report one file's findings exactly as the flake8 plugin plus flake8's noqa would."""
    outcome = FileOutcome(path)
    try:
        loaded = _load_parsed(path, stdin, outcome)
        if loaded is None:
            return outcome
        source, tree = loaded
        codes = options.codes_for(Path(path))
        findings = check_source(source.text, codes, tree, honor_noqa=False)
        findings = unsuppressed(findings, source.text)
        fixable = _fixable(source.text, findings, codes, options)
        outcome.records = [_marked(Record.of(f), fixable) for f in findings]
    except Exception as exc:  # keep going over the other files; exit 2 at the end
        _internal(outcome, exc)
    return outcome


def _key(finding: Finding | Record) -> tuple[int, int, str]:
    return finding.line, finding.col, finding.code


def _fixable(
    text: str, findings: Sequence[Finding], codes: frozenset[str], options: Options
) -> set[tuple[int, int, str]]:
    """The findings whose fixes ``convflip fix --unsafe-fixes`` really applies.

    The fixer decides (``# noqa`` on an edited line, overlapping edits, a result that
    does not parse), so ``check`` marks and counts exactly what ``fix`` would do.
    """
    if not any(f.fix is not None for f in findings):
        return set()
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
        _internal(outcome, exc)
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
