"""``convflip check DIR`` over deeply nested files, serially and in a process pool (issue 11).

The fault campaign's mutants (sums or subscripts 400-1,000 deep) raised RecursionError
inside the engine; ``convflip check DIR`` then died with a traceback while formatting the
internal-error message and printed nothing for the other files (a 1,000-file tree came
back empty at -j1 and -j2).  Here every file keeps its own line: findings for the deep
files that fit the budget, a ``file skipped`` entry for the one over it, and an internal
error made on purpose (a rule recursing without end) is one CNV000 line per file.
"""

from __future__ import annotations

import json

import pytest

from flake8_convflip.cli import runner
from flake8_convflip.rules.handrolled_window import HandRolledWindow

from .helpers import SEED, WINDOW_VS_CONVOLVE, cli, write

_SEED = SEED.read_text()
_DEEP = {
    "deep_sum.py": _SEED + "\nZ = " + " + ".join(["x"] * 1000) + "\n",
    "deep_subscript.py": _SEED + "\nZ = x" + "[0]" * 1000 + "\n",
    "over_budget.py": _SEED + "\nZ = " + " + ".join(["x"] * 1500) + "\n",
}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in _DEEP.items():
        (tmp_path / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "src" / name).write_text(text)
    for index in range(4):
        write(tmp_path, f"src/plain_{index}.py", WINDOW_VS_CONVOLVE)
    monkeypatch.setattr(runner, "PARALLEL_MIN_FILES", 2)  # the pool even for a few files
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_deep_files_keep_their_findings_and_the_rest_is_checked(tree, capsys, jobs) -> None:
    code, out, err = cli(capsys, "check", "--jobs", jobs, "--output-format", "json", "src")
    entries = {(e["filename"], e["location"]["row"], e["code"]) for e in json.loads(out)}
    assert entries == {
        ("src/deep_sum.py", 20, "CNV101"),
        ("src/deep_subscript.py", 20, "CNV101"),
        ("src/over_budget.py", 1, "CNV000"),
        *{(f"src/plain_{i}.py", 5, "CNV101") for i in range(4)},
    }
    (skipped,) = [e for e in json.loads(out) if e["code"] == "CNV000"]
    assert skipped["message"] == (
        "CNV000 file skipped: nesting depth 1,503 exceeds the budget of 1,200"
    )
    assert code == 1 and err == ""  # a skipped file is an entry, not an internal error


def _recurse(self) -> None:
    _recurse(self)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_recursion_error_in_a_rule_is_one_line_per_file(tree, capsys, monkeypatch, jobs) -> None:
    monkeypatch.setattr(HandRolledWindow, "run", _recurse)  # forked workers inherit it
    for name in _DEEP:
        (tree / "src" / name).unlink()
    code, out, err = cli(capsys, "check", "--jobs", jobs, "src")
    lines = out.splitlines()
    message = (
        "1:1: CNV000 internal error in CNV101 (please report): "
        "RecursionError: maximum recursion depth exceeded"
    )
    assert [line for line in lines if "CNV000" in line] == [
        f"src/plain_{i}.py:{message}" for i in range(4)
    ]
    assert "Traceback" not in out + err
    assert code == 2
