"""``convflip check --add-noqa``: idempotent, keeps existing codes, never breaks code."""

from __future__ import annotations

import ast

from flake8_convflip.cli.noqa import add_noqa, noqa_lines, unsuppressed
from flake8_convflip.engine import Finding

from .helpers import WINDOW_VS_CONVOLVE, cli, write

MULTILINE = '''\
import numpy as np
from scipy.signal import convolve2d

def compare(plane, taps):
    by_hand = (plane[:3, :3] * taps).sum()  # noqa: E501
    library = convolve2d(plane, taps, "valid")
    print(by_hand, library[0, 0])
    return by_hand, library[0, 0]

def labelled(plane, taps):
    print((plane[:3, :3] * taps).sum(), """
    """, convolve2d(plane, taps, "valid")[0, 0])

def continued(plane, taps):
    window = (plane[:3, :3] * taps).sum() + \\
        0
    print(window, convolve2d(plane, taps, "valid")[0, 0])
'''


def _check(capsys, *paths: str) -> tuple[int, str]:
    code, out, _ = cli(capsys, "check", "--output-format", "concise", *paths)
    return code, out


def test_add_noqa_silences_every_finding_and_is_idempotent(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "m.py", MULTILINE)
    code, before = _check(capsys, "m.py")
    reported = [line.split(":")[1] for line in before.splitlines()[:-1]]
    assert code == 1 and reported == ["5", "11", "15"]
    code, _, err = cli(capsys, "check", "--add-noqa", "m.py")
    assert code == 0 and err == "Added 3 noqa directives.\n"
    text = path.read_text()
    ast.parse(text)  # never breaks a line or a string
    lines = text.splitlines()
    assert lines[4].endswith("# noqa: E501, CNV101")  # merged with the existing code
    assert lines[10].endswith('"""')
    assert lines[11].endswith("[0, 0])  # noqa: CNV101")  # after the string, not inside it
    assert lines[14].endswith("+ \\") and lines[15].endswith("0  # noqa: CNV101")
    assert _check(capsys, "m.py") == (0, "No findings in 1 file.\n")
    assert cli(capsys, "check", "--add-noqa", "m.py")[2] == "Added 0 noqa directives.\n"
    assert path.read_text() == text


def test_flake8_agrees_with_the_added_comments(tmp_path, monkeypatch, capsys):
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    write(tmp_path, "m.py", MULTILINE)
    cli(capsys, "check", "--add-noqa", "m.py")
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "CNV", "m.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout


def test_line_endings_and_bare_noqa_are_kept():
    text = "a = 1\r\nb = 2  # noqa\r\nc = 3\r\n"
    findings = [Finding(1, 1, "CNV101", "m"), Finding(2, 1, "CNV101", "m")]
    new, changed = add_noqa(text, findings)
    assert (new, changed) == ("a = 1  # noqa: CNV101\r\nb = 2  # noqa\r\nc = 3\r\n", 1)


def test_noqa_ranges_follow_flake8():
    text = 'x = """a\nb"""  # noqa: CNV1\ny = 1\n'
    assert noqa_lines(text)[1] == noqa_lines(text)[2]
    kept = unsuppressed([Finding(1, 5, "CNV101", "m"), Finding(3, 1, "CNV101", "m")], text)
    assert [f.line for f in kept] == [3]


def test_stdin_is_refused(capsys):
    code, _, err = cli(capsys, "check", "--add-noqa", "-")
    assert code == 2 and "--add-noqa needs files" in err


def test_window_file_gets_one_comment(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "w.py", WINDOW_VS_CONVOLVE)
    cli(capsys, "check", "--add-noqa", ".")
    assert path.read_text().count("# noqa: CNV101") == 1
