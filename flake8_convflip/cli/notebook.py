"""Jupyter notebooks: their code cells as one Python text, and the fixed text put back.

The code cells are joined in order (names defined in one cell are used in the next, so
the rules must see them together), each preceded by a marker statement
``__convflip_cell__ = N`` that survives every fix and tells where the cell begins.
Lines IPython would transform (``%magic``, ``!shell``, ``x = !cmd``, ``obj?``) become a
``pass`` placeholder with the same indentation, and are put back verbatim; a cell that
starts with a ``%%`` cell magic, or that does not parse, is left out and left alone.
Findings are reported as ``cell N:line:col`` (N counts every cell, as in Jupyter and
ruff).

Writing back touches only the ``source`` of the cells a fix changed: the notebook is
re-serialised in the layout it was read in (indentation, key order, escaping), which is
checked first by re-serialising the unchanged notebook; if that does not give the same
bytes, the notebook is not rewritten.  With nbformat installed (the ``notebook``
extra), the result is validated against the nbformat schema before it is written.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import Any

MARKER = "__convflip_cell__"
_MARKER_LINE = re.compile(rf"^{MARKER} = (\d+)\n", re.MULTILINE)
_PLACEHOLDER = re.compile(r"^(\s*)pass  # convflip: IPython line (\d+)$")
# Lines IPython rewrites before Python sees them.
_MAGIC = re.compile(r"^\s*(?:[%!]|\?\?|\?)|^\s*[\w.]+\s*=\s*[%!]|\?\??\s*$")


class NotebookError(ValueError):
    """The file is not a notebook convflip can read or write back."""


@dataclass(frozen=True)
class Layout:
    """How a notebook file was serialised."""

    indent: int | None
    ensure_ascii: bool
    newline_at_end: bool

    def dump(self, data: Any) -> str:
        text = json.dumps(data, indent=self.indent, ensure_ascii=self.ensure_ascii)
        return text + ("\n" if self.newline_at_end else "")


@dataclass
class CellProblem:
    """A code cell left out of the analysis: its number, line, column and why."""

    cell: int
    line: int
    col: int
    message: str


@dataclass
class Notebook:
    """A parsed notebook and its code cells joined as one Python text."""

    data: dict
    layout: Layout | None  # None when the file's layout could not be reproduced
    python: str = ""
    line_cells: list[tuple[int, int]] = field(default_factory=list)  # (cell, line) per line
    magics: dict[int, str] = field(default_factory=dict)  # placeholder number -> line
    problems: list[CellProblem] = field(default_factory=list)

    def position(self, line: int) -> tuple[int | None, int]:
        """The (cell, line in cell) of a line of :attr:`python`; (None, line) if none."""
        if 0 < line <= len(self.line_cells):
            cell, row = self.line_cells[line - 1]
            if cell:
                return cell, row
        return None, line


def _source_text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _detect_layout(text: str, data: Any) -> Layout | None:
    for indent in (1, 2, 4, None):
        for ensure_ascii in (False, True):
            for newline in (True, False):
                layout = Layout(indent, ensure_ascii, newline)
                if layout.dump(data) == text:
                    return layout
    return None


def _parse_error(text: str) -> tuple[int, int, str] | None:
    try:
        ast.parse(text)
    except SyntaxError as exc:
        return exc.lineno or 1, exc.offset or 1, f"cannot parse: SyntaxError: {exc.msg}"
    except (ValueError, RecursionError, MemoryError) as exc:
        return 1, 1, f"cannot parse: {type(exc).__name__}: {exc}"
    return None


def _without_magics(text: str, magics: dict[int, str]) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if _MAGIC.search(body):
            number = len(magics) + 1
            magics[number] = body
            indent = body[: len(body) - len(body.lstrip())]
            body = f"{indent}pass  # convflip: IPython line {number}"
        out.append(body + line[len(line.rstrip("\r\n")) :])
    return "".join(out)


def read_notebook(text: str) -> Notebook:
    """Parse a notebook's JSON text and join its code cells (raises NotebookError)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a notebook: invalid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookError("not a notebook: no list of cells")
    notebook = Notebook(data, _detect_layout(text, data))
    parts: list[str] = []
    for number, cell in enumerate(data["cells"], 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code = _source_text(cell)
        if code.lstrip().startswith("%%"):
            continue  # a cell magic: the cell is not Python
        if _parse_error(code) is not None:
            magics = dict(notebook.magics)
            candidate = _without_magics(code, magics)
            error = _parse_error(candidate)
            if error is not None:
                notebook.problems.append(CellProblem(number, *error))
                continue
            notebook.magics, code = magics, candidate
        if code and not code.endswith("\n"):
            code += "\n"
        parts.append(f"{MARKER} = {number}\n")
        notebook.line_cells.append((0, 0))
        parts.append(code)
        notebook.line_cells += [(number, row) for row in range(1, code.count("\n") + 1)]
    notebook.python = "".join(parts)
    return notebook


def _cell_texts(notebook: Notebook, python: str) -> dict[int, str]:
    """Split a (fixed) joined text back into cell number -> source text."""
    marks = list(_MARKER_LINE.finditer(python))
    if len(marks) != python.count(f"{MARKER} = "):
        raise NotebookError("a fix moved a cell marker; the notebook is left unchanged")
    texts: dict[int, str] = {}
    head = python[: marks[0].start()] if marks else ""
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(python)
        texts[int(mark.group(1))] = python[mark.end() : end]
    if marks and head:  # imports a fix added at the top belong to the first cell
        first = int(marks[0].group(1))
        texts[first] = head + texts[first]
    return texts


def _restore(text: str, notebook: Notebook) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        match = _PLACEHOLDER.match(body)
        if match is not None:
            body = notebook.magics[int(match.group(2))]
        out.append(body + line[len(line.rstrip("\r\n")) :])
    return "".join(out)


def write_notebook(notebook: Notebook, python: str) -> str:
    """The notebook's JSON text with the fixed ``python`` put back into its cells."""
    if notebook.layout is None:
        raise NotebookError("the notebook's JSON layout is not one convflip can reproduce")
    cells = notebook.data["cells"]
    texts = _cell_texts(notebook, python)
    before = _cell_texts(notebook, notebook.python)
    if set(texts) != set(before):
        raise NotebookError("a fix removed a cell marker; the notebook is left unchanged")
    data = json.loads(json.dumps(notebook.data))
    for number, text in texts.items():
        if text == before[number]:
            continue
        original = _source_text(cells[number - 1])
        new = _restore(text, notebook)
        if not original.endswith("\n") and new.endswith("\n"):
            new = new[:-1]
        source = cells[number - 1].get("source", "")
        data["cells"][number - 1]["source"] = (
            new.splitlines(keepends=True) if isinstance(source, list) else new
        )
    _validate(data)
    return notebook.layout.dump(data)


def _validate(data: dict) -> None:
    try:
        import nbformat
    except ImportError:  # the `notebook` extra is not installed: JSON checks only
        return
    try:
        nbformat.validate(nbformat.from_dict(data))
    except nbformat.ValidationError as exc:
        raise NotebookError(f"the fixed notebook is not valid nbformat: {exc}") from exc
