"""Notebooks: ``check`` and ``fix`` read and write ``.ipynb`` (issue 10).

The round trips use a notebook with markdown, code split over cells, line magics, a
shell escape, a cell magic, outputs with metadata, and a cell that does not parse.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from flake8_convflip.cli.notebook import NotebookError, read_notebook, write_notebook

from .helpers import cli


def _notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        v4.new_markdown_cell("# The seed question\n%matplotlib is not code here"),
        v4.new_code_cell(
            "\n".join(
                [
                    "%matplotlib inline",
                    "import numpy as np",
                    "from scipy.signal import convolve2d",
                    "!pip list",
                ]
            )
        ),
        v4.new_code_cell(
            "X = np.random.randint(5, size=(10, 10))\nK = np.arange(9).reshape(3, 3)"
        ),
        v4.new_code_cell("%%timeit\nconvolve2d(X, K)"),
        v4.new_code_cell("def broken(:\n    pass"),
        v4.new_code_cell(
            "for _ in range(1):\n    %time total = (X[:3, :3] * K).sum()\n"
            'print((X[:3, :3] * K).sum())\nY = convolve2d(X, K, "valid")\nprint(Y[0, 0])',
            execution_count=7,
            outputs=[v4.new_output("stream", name="stdout", text="14\n10\n")],
            metadata={"tags": ["seed"], "collapsed": False},
        ),
    ]
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number}"
    return nb


@pytest.fixture
def seed(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "seed.ipynb"
    nbformat.write(_notebook(), str(path))
    return path


def test_check_reports_cells_like_ruff(seed, capsys) -> None:
    code, out, _ = cli(capsys, "check", "seed.ipynb")
    lines = out.splitlines()
    assert lines[0] == "seed.ipynb:cell 5:1:12: E999 cannot parse: SyntaxError: invalid syntax"
    assert lines[1].startswith("seed.ipynb:cell 6:3:7: CNV101 this window sum")
    assert lines[-1].endswith("1 notebook cell could not be checked (see the errors above).")
    assert code == 1
    _, data, _ = cli(capsys, "check", "--output-format", "json", "seed.ipynb")
    finding = next(e for e in json.loads(data) if e["code"] == "CNV101")
    assert (finding["cell"], finding["location"]) == (6, {"row": 3, "column": 7})


def test_folder_walk_includes_notebooks(seed, capsys) -> None:
    (seed.parent / ".ipynb_checkpoints").mkdir()
    (seed.parent / ".ipynb_checkpoints" / "seed-checkpoint.ipynb").write_text(seed.read_text())
    _, out, _ = cli(capsys, "check", "--output-format", "json", ".")
    assert {e["filename"] for e in json.loads(out)} == {"seed.ipynb"}


def test_fix_round_trip_keeps_everything_it_does_not_fix(seed, capsys) -> None:
    before_text = seed.read_text()
    before = json.loads(before_text)
    code, out, _ = cli(capsys, "fix", "--unsafe-fixes", "seed.ipynb")
    assert "Fixed 1 finding in 1 file:\n  seed.ipynb:cell 6:3: CNV101" in out
    after_text = seed.read_text()
    after = json.loads(after_text)
    nbformat.validate(nbformat.reads(after_text, as_version=4))  # still valid nbformat
    assert after["metadata"] == before["metadata"]
    changed = [
        i for i, (a, b) in enumerate(zip(before["cells"], after["cells"], strict=True)) if a != b
    ]
    assert changed == [1, 5]
    for i in changed:  # only the source of a fixed cell changes
        assert {k: v for k, v in after["cells"][i].items() if k != "source"} == {
            k: v for k, v in before["cells"][i].items() if k != "source"
        }
    first = "".join(after["cells"][1]["source"])
    assert first.startswith("from convflip import xcorr2d\n")
    assert "%matplotlib inline\n" in first and first.endswith("!pip list")  # magics verbatim
    assert "convolve2d" not in first
    last = "".join(after["cells"][5]["source"])
    assert "    %time total = (X[:3, :3] * K).sum()\n" in last
    assert 'Y = xcorr2d(X, K, "valid")' in last
    # everything but the two sources is byte-for-byte the same: putting the old sources
    # back into the new file's layout gives the old file exactly
    for i in changed:
        after["cells"][i]["source"] = before["cells"][i]["source"]
    assert json.dumps(after, indent=1, ensure_ascii=False) + "\n" == before_text
    assert code == 1  # the cell that does not parse is still a problem
    again = seed.read_text()
    cli(capsys, "fix", "--unsafe-fixes", "seed.ipynb")
    assert seed.read_text() == again  # idempotent
    assert before_text != after_text


def test_fix_diff_on_a_notebook_writes_nothing(seed, capsys) -> None:
    before = seed.read_text()
    code, out, err = cli(capsys, "fix", "--unsafe-fixes", "--diff", "seed.ipynb")
    assert '-    "Y = convolve2d(X, K, \\"valid\\")\\n",' in out
    assert '+    "Y = xcorr2d(X, K, \\"valid\\")\\n",' in out
    assert "Would fix 1 finding" in err and seed.read_text() == before and code == 1


def test_a_layout_it_cannot_reproduce_is_not_rewritten(seed, capsys) -> None:
    data = json.loads(seed.read_text())
    seed.write_text(json.dumps(data, indent=3))
    before = seed.read_text()
    code, _, err = cli(capsys, "fix", "--unsafe-fixes", "seed.ipynb")
    assert "layout is not one convflip can reproduce" in err
    assert seed.read_text() == before and code == 1


def test_not_a_notebook(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.ipynb").write_text("{not json")
    code, out, _ = cli(capsys, "check", "bad.ipynb")
    assert out.startswith("bad.ipynb:1:1: E902 cannot read: not a notebook: invalid JSON")
    assert code == 1


def test_string_sources_and_no_trailing_newline() -> None:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {},
                "source": "x = 1",
                "outputs": [],
                "execution_count": None,
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(nb, indent=1) + "\n"
    notebook = read_notebook(text)
    assert notebook.python == "__convflip_cell__ = 1\nx = 1\n"
    assert notebook.position(2) == (1, 1)
    new = write_notebook(notebook, "__convflip_cell__ = 1\nx = 2\n")
    assert json.loads(new)["cells"][0]["source"] == "x = 2"
    with pytest.raises(NotebookError):
        write_notebook(notebook, "x = 2\n")  # the cell marker is gone


def test_python_m_flake8_convflip_for_nbqa(seed) -> None:
    """``python -m flake8_convflip FILE`` runs ``check`` (nbqa calls it that way)."""
    done = subprocess.run(
        [sys.executable, "-m", "flake8_convflip", "seed.ipynb"],
        capture_output=True,
        text=True,
        cwd=seed.parent,
    )
    assert done.returncode == 1 and "seed.ipynb:cell 6:3:7: CNV101" in done.stdout
    version = subprocess.run(
        [sys.executable, "-m", "flake8_convflip", "--version"], capture_output=True, text=True
    )
    assert version.stdout.startswith("convflip ")


def test_nbqa_flake8_recipe(seed) -> None:
    """The documented recipe, when nbqa is installed (it pulls in IPython)."""
    pytest.importorskip("nbqa")
    done = subprocess.run(
        [sys.executable, "-m", "nbqa", "flake8", "seed.ipynb", "--select=CNV"],
        capture_output=True,
        text=True,
        cwd=seed.parent,
    )
    assert "CNV101" in done.stdout and done.returncode == 1
