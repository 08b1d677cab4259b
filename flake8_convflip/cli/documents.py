"""What a run reads: a Python file or a notebook, as Python text with positions.

A :class:`Document` is the Python text the engine sees, its ast, how to map a line
of that text back to the file (a notebook's ``cell N:line``), and how to write a fixed
text back.  A file that cannot be read or parsed is a :class:`Problem` instead, with
the code of its entry.
"""

from __future__ import annotations

import ast
import errno
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..fix.files import SourceFile, decode_source, write_atomic, write_source

# The codes of the entries that say a file could not be checked (flake8's and ruff's).
READ_ERROR = "E902"  # cannot be read or decoded: missing, unreadable, binary, bad encoding
PARSE_ERROR = "E999"  # not valid Python
INTERNAL_ERROR = "CNV000"  # a bug of convflip's (the engine reports rule failures so too)

NOTEBOOK_SUFFIX = ".ipynb"


@dataclass(frozen=True)
class Problem:
    """Why a file (or one notebook cell) could not be checked."""

    code: str
    message: str
    line: int = 1
    col: int = 1
    cell: int | None = None


@dataclass
class Document:
    """A file's Python text and ast, and the way back to the file."""

    path: str
    python: str
    tree: ast.AST
    original: str  # the file's text as read (a notebook's JSON)
    source: SourceFile | None = None  # a Python file
    notebook: Any = None  # a notebook.Notebook
    problems: list[Problem] = field(default_factory=list)

    def place(self, record):
        """``record`` (a runner.Record) with its lines mapped into the file (cells)."""
        if self.notebook is None:
            return record
        cell, line = self.notebook.position(record.line)
        end_cell, end_line = self.notebook.position(record.end_line)
        if end_cell != cell:
            end_line = line
        return replace(record, line=line, end_line=end_line, cell=cell)

    def with_python(self, python: str) -> Document:
        """The document after a fix changed its Python text to ``python``."""
        if self.notebook is None:
            return replace(self, python=python, original=python)
        from .notebook import read_notebook, write_notebook

        text = write_notebook(self.notebook, python)
        notebook = read_notebook(text)
        return replace(self, python=notebook.python, original=text, notebook=notebook)

    def encoded(self) -> bytes:
        """The text as the file's bytes: its own encoding and BOM (a notebook: UTF-8)."""
        if self.source is not None:
            return self.source.encode(self.original)
        return self.original.encode("utf-8")

    def write(self, fixed: Document) -> None:
        """Write ``fixed`` over this document's file (atomically, keeping its encoding)."""
        if self.source is not None:
            write_source(self.source, fixed.original)
        else:
            write_atomic(Path(self.path), fixed.original.encode("utf-8"))


def describe_os_error(exc: OSError) -> str:
    """An OSError in one phrase that names what is wrong (symlink loop, folder, ...)."""
    reasons = {
        errno.ELOOP: "symlink loop",
        errno.ENOENT: "no such file (a dangling symlink?)",
        errno.EISDIR: "is a folder, not a file",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))


def undecodable(data: bytes) -> str | None:
    """Why ``data`` is not source text at all (a binary file), or None."""
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


def parse(text: str) -> ast.AST | Problem:
    """The ast of ``text``, or the PARSE_ERROR problem at Python's position."""
    try:
        return ast.parse(text)
    except SyntaxError as exc:
        message = f"cannot parse: SyntaxError: {exc.msg}"
        return Problem(PARSE_ERROR, message, exc.lineno or 1, exc.offset or 1)
    except (ValueError, RecursionError, MemoryError) as exc:
        return Problem(PARSE_ERROR, f"cannot parse: {type(exc).__name__}: {exc}")


def _read(path: str, stdin: bytes | None) -> bytes | Problem:
    try:
        data = stdin if stdin is not None else Path(path).read_bytes()
    except OSError as exc:
        return Problem(READ_ERROR, f"cannot read: {describe_os_error(exc)}")
    problem = undecodable(data)
    return data if problem is None else Problem(READ_ERROR, f"cannot read: {problem}")


def _python_file(path: str, data: bytes) -> Document | Problem:
    try:
        source = decode_source(data, Path(path))
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return Problem(READ_ERROR, f"cannot read: {_decode_problem(_utf8_error(data) or exc)}")
    tree = parse(source.text)
    if isinstance(tree, Problem):
        return tree
    return Document(path, source.text, tree, source.text, source=source)


def _notebook_file(path: str, data: bytes) -> Document | Problem:
    from .notebook import NotebookError, read_notebook

    try:
        text = data.decode("utf-8")
        notebook = read_notebook(text)
    except UnicodeDecodeError as exc:
        return Problem(READ_ERROR, f"cannot read: {_decode_problem(exc)}")
    except NotebookError as exc:
        return Problem(READ_ERROR, f"cannot read: {exc}")
    tree = parse(notebook.python)
    if isinstance(tree, Problem):  # every cell parses alone; together they must too
        return tree
    problems = [
        Problem(PARSE_ERROR, p.message, p.line, p.col, cell=p.cell) for p in notebook.problems
    ]
    return Document(path, notebook.python, tree, text, notebook=notebook, problems=problems)


def load_document(path: str, stdin: bytes | None = None) -> Document | Problem:
    """Read ``path`` (or the ``stdin`` bytes named ``path``) as a Document."""
    data = _read(path, stdin)
    if isinstance(data, Problem):
        return data
    if path.endswith(NOTEBOOK_SUFFIX):
        return _notebook_file(path, data)
    return _python_file(path, data)
