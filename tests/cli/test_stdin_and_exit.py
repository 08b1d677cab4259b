"""`convflip fix -` keeps the input's bytes; exit 2 is for internal errors only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flake8_convflip.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "examples" / "seed_question.py").read_text(encoding="utf-8")

BODY = """\
import numpy as np
from scipy.signal import convolve2d

def compare(plane, taps):
    by_hand = (plane[:3, :3] * taps).sum()
    library = convolve2d(plane, taps, "valid")
    print(by_hand, library[0, 0])
"""


def _fix_stdin(data: bytes) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "flake8_convflip", "fix", "--unsafe-fixes", "-"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("header", "encoding"),
    [(b"\xef\xbb\xbf", "utf-8-sig"), (b"# -*- coding: latin-1 -*-\n# caf\xe9\n", "latin-1")],
)
def test_fix_from_stdin_keeps_the_bom_and_the_cookie_encoding(header: bytes, encoding: str):
    data = header + BODY.encode("ascii")
    out = _fix_stdin(data)
    assert out.startswith(header)
    text = out.decode(encoding)
    assert "library = xcorr2d(plane, taps" in text
    if encoding == "latin-1":
        assert "# café\n" in text


def test_unchanged_stdin_comes_back_byte_for_byte() -> None:
    data = b"\xef\xbb\xbf# -*- coding: utf-8 -*-\r\nx = 1\r\n"
    assert _fix_stdin(data) == data


def test_a_file_skipped_over_the_budget_is_an_entry_not_exit_2(tmp_path, capsys) -> None:
    path = tmp_path / "deep.py"
    path.write_text(SEED + "\nZ = " + " + ".join(["x"] * 1500) + "\n")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:1:1: CNV000 file skipped: nesting depth" in out
    assert main(["check", "--exit-zero", str(path)]) == 0
    capsys.readouterr()
