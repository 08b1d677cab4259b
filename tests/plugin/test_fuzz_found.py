"""Defects the long fuzz run (benchmarks/fuzz.py) found, kept as regression tests.

A line holding only a backslash (and indentation) joins the next line to it.  Python
reads that fine; libcst either fails to parse the file (``expected INDENT``) or drops
the line and attaches the next one to the wrong block (``return y`` moved into the
loop above it, with positions past the end of their lines).  Both used to be silent:
no finding and no word under ``check`` and flake8, a finding ending outside the file.
Now the file is skipped visibly, in the words ``check`` uses for every skipped file.
"""

from __future__ import annotations

import pytest

from flake8_convflip.codes import ALL_CODES, INTERNAL_CODE
from flake8_convflip.engine import lint_source
from flake8_convflip.fix.apply import fix_source

SEED = """\
import numpy as np
from scipy.signal import convolve2d

def check(X, K):
    print((X[:3, :3] * K).sum())
    Y = convolve2d(X, K, "valid")
    print(Y[0, 0])
"""
CASES = {
    "unparsed": (
        SEED + "\ndef f():\n\\\n    x = 1\n",
        "CNV000 file skipped: libcst cannot parse this file, which Python can "
        "(line 11): ParserSyntaxError",
    ),
    "misread": (
        SEED + "\ndef f(r):\n    for i in r:\n        y = i\n    \\\nreturn y\n",
        "CNV000 file skipped: libcst misreads the line holding only a backslash (line 12)",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_file_libcst_cannot_read_is_skipped_visibly(name: str) -> None:
    source, message = CASES[name]
    compile(source, name, "exec")  # Python reads it
    assert [f.message for f in lint_source(source, ALL_CODES)] == [message]
    result = fix_source(source, ALL_CODES, unsafe=True)
    assert result.error == message.removeprefix(f"{INTERNAL_CODE} ")
    assert result.source == source


def test_a_backslash_line_inside_a_string_is_read_normally() -> None:
    source = SEED + 's = """\n  \\\n"""\n'
    assert [f.code for f in lint_source(source, ALL_CODES)] == ["CNV101"]


def test_the_cli_reports_both_as_skipped_files(tmp_path, monkeypatch, capsys) -> None:
    from flake8_convflip.cli import main

    monkeypatch.chdir(tmp_path)
    for name, (source, _) in CASES.items():
        (tmp_path / f"{name}.py").write_text(source)
    assert main(["check", "."]) == 1
    out = capsys.readouterr().out
    for name, (_, message) in CASES.items():
        assert f"{name}.py:1:1: {message}" in out
    assert main(["fix", "--unsafe-fixes", "."]) == 1
    captured = capsys.readouterr()
    assert "E999" not in captured.out + captured.err
    for name, (_, message) in CASES.items():
        assert f"{name}.py:1:1: {message}" in captured.out + captured.err
