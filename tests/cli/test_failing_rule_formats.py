"""A rule that raises is a visible CNV000 entry in ``check``'s json and SARIF (issue 11).

The engine, flake8 and the text output are covered in tests/plugin/test_internal_errors.py;
here the same injected failure (CNV101's ``run`` raises) must be one error entry per file
in the machine-readable formats, next to the other rules' findings, and exit 2.
"""

from __future__ import annotations

import json

import pytest

from flake8_convflip.rules.handrolled_window import HandRolledWindow

from .helpers import SEED, cli, write

MESSAGE = "CNV000 internal error in CNV101 (please report): ValueError: injected failure"
OTHER = """\
import numpy as np
from scipy.signal import convolve2d

def f(x, k):
    return convolve2d(x, k[::-1][::-1], "valid")
"""


def _boom(self) -> None:
    raise ValueError("injected failure")


@pytest.fixture
def failing(tmp_path, monkeypatch):
    monkeypatch.setattr(HandRolledWindow, "run", _boom)
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "seed.py", SEED.read_text())
    write(tmp_path, "other.py", OTHER)


def test_json_has_an_error_entry_per_file(failing, capsys) -> None:
    code, out, _ = cli(capsys, "check", "--output-format", "json", ".")
    got = {(e["filename"], e["code"], e["message"], e["severity"]) for e in json.loads(out)}
    assert {(f, "CNV000", MESSAGE, "error") for f in ("other.py", "seed.py")} <= got
    assert ("other.py", "CNV301") in {(g[0], g[1]) for g in got}  # the other rules ran
    assert code == 2


def test_sarif_has_an_error_result_per_file(failing, capsys) -> None:
    code, out, _ = cli(capsys, "check", "--output-format", "sarif", ".")
    (sarif_run,) = json.loads(out)["runs"]
    internal = [r for r in sarif_run["results"] if r["ruleId"] == "CNV000"]
    assert sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in internal
    ) == ["other.py", "seed.py"]
    assert {(r["level"], r["message"]["text"]) for r in internal} == {("error", MESSAGE)}
    assert "CNV301" in {r["ruleId"] for r in sarif_run["results"]}
    assert code == 2
