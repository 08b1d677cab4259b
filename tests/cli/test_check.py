"""``convflip check``: same findings as flake8, formats, exit codes, selection, files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_convflip.cli import runner
from flake8_convflip.cli.runner import Options, Progress, check_file, run_files
from flake8_convflip.config import Config

from .helpers import ROOT, WINDOW_VS_CONVOLVE, cli, write

NOQA_FILE = """\
import numpy as np
from scipy.signal import convolve2d

def silenced(plane, taps):
    print((plane[:3, :3] * taps).sum(), convolve2d(plane, taps, "valid")[0, 0])  # noqa: CNV101

def silenced_bare(plane, taps):
    print((plane[:3, :3] * taps).sum(), convolve2d(plane, taps, "valid")[0, 0])  # noqa

def other_code(plane, taps):
    print((plane[:3, :3] * taps).sum(), convolve2d(plane, taps, "valid")[0, 0])  # noqa: E501

def reported(plane, taps):
    print((plane[:3, :3] * taps).sum(), convolve2d(plane, taps, "valid")[0, 0])
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    for example in (ROOT / "examples").glob("*.py"):
        shutil.copy(example, tmp_path / example.name)
    write(tmp_path, "noqa_cases.py", NOQA_FILE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _flake8(folder: Path) -> set[tuple[str, int, int, str]]:
    fmt = "%(path)s|%(row)d|%(col)d|%(code)s"
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "CNV", f"--format={fmt}", "."],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    out = set()
    for line in done.stdout.splitlines():
        path, row, col, code = line.split("|")
        out.add((path.removeprefix("./"), int(row), int(col), code))
    return out


def test_same_findings_as_the_flake8_plugin(project, capsys) -> None:
    code, out, _ = cli(capsys, "check", "--select", "CNV", "--format", "json", ".")
    mine = {
        (r["filename"], r["location"]["row"], r["location"]["column"], r["code"])
        for r in json.loads(out)
    }
    assert mine == _flake8(project)
    assert code == 1
    noqa = {(row, c) for path, row, _, c in mine if path == "noqa_cases.py"}
    assert noqa == {(11, "CNV101"), (14, "CNV101")}  # bare and CNV101 noqa silence


def test_text_output_is_sorted_with_marker_and_summary(project, capsys) -> None:
    code, out, _ = cli(capsys, "check", "noqa_cases.py", "seed_question.py")
    lines = out.splitlines()
    assert lines[0].startswith("noqa_cases.py:11:11: CNV101 this window sum")
    assert lines[1].startswith("noqa_cases.py:14:11: CNV101 ")
    assert lines[2].startswith("seed_question.py:20:7: CNV101 ")
    assert lines[-1] == (
        "Found 3 findings: 0 fixable with `convflip fix`, 3 more with "
        "`convflip fix --unsafe-fixes`."
    )
    assert code == 1
    _, marked, _ = cli(capsys, "check", "--unsafe-fixes", "seed_question.py")
    assert marked.startswith("seed_question.py:20:7: CNV101 [*] this window sum")


def test_github_annotations(project, capsys) -> None:
    _, out, _ = cli(capsys, "check", "--format", "github", "seed_question.py")
    pattern = (
        r"::warning file=seed_question\.py,line=20,col=7,endLine=20,endColumn=\d+,"
        r"title=CNV101::CNV101 this window sum.*"
    )
    assert re.fullmatch(pattern, out.strip())


def test_json_carries_fix_applicability(project, capsys) -> None:
    _, out, _ = cli(capsys, "check", "--format", "json", "seed_question.py")
    (record,) = json.loads(out)
    assert record["fix"]["applicability"] == "unsafe"
    assert record["end_location"]["row"] == 20


def test_exit_codes(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "clean.py", "import numpy as np\nprint(np.ones(3).sum())\n")
    assert cli(capsys, "check", ".") == (0, "No findings in 1 file.\n", "")
    write(tmp_path, "broken.py", "def oops(:\n")
    code, out, _ = cli(capsys, "check", ".")
    assert code == 1 and "broken.py:1:10: E999 cannot parse: SyntaxError: invalid syntax" in out
    assert "1 file could not be checked" in out.splitlines()[-1]
    code, out, _ = cli(capsys, "check", "missing.py")  # an E902 entry and exit 1, like ruff
    assert code == 1 and out.startswith("missing.py:1:1: E902 cannot read: no such file")
    with pytest.raises(SystemExit) as usage:
        cli(capsys, "check", "--select", "E501", ".")
    assert usage.value.code == 2


def test_select_and_ignore_by_prefix(project, capsys) -> None:
    _, only3, _ = cli(capsys, "check", "--format", "json", "--select", "CNV3", ".")
    assert {r["code"][:4] for r in json.loads(only3)} == {"CNV3"}
    _, without, _ = cli(capsys, "check", "--format", "json", "--ignore", "CNV101", ".")
    assert "CNV101" not in {r["code"] for r in json.loads(without)}


def test_walk_respects_gitignore_defaults_and_exclude(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "generated/\n")
    for name in ("src/a.py", "generated/b.py", ".venv/c.py", "build/d.py", "vendor/e.py"):
        write(tmp_path, name, WINDOW_VS_CONVOLVE)
    _, out, _ = cli(capsys, "check", "--format", "json", "--exclude", "vendor/", ".")
    assert {r["filename"] for r in json.loads(out)} == {"src/a.py"}
    # a file named on the command line is checked even when gitignored, unless excluded
    _, named, _ = cli(capsys, "check", "--format", "json", "generated/b.py")
    assert {r["filename"] for r in json.loads(named)} == {"generated/b.py"}
    code, _, _ = cli(capsys, "check", "--exclude", "generated/*", "generated/b.py")
    assert code == 0


def test_config_select_ignore_and_per_file_ignores(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pkg/a.py", WINDOW_VS_CONVOLVE)
    write(tmp_path, "tests/test_a.py", WINDOW_VS_CONVOLVE)
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.convflip]\nper-file-ignores = { "tests/*" = ["CNV101"] }\n',
    )
    _, out, _ = cli(capsys, "check", "--format", "json", ".")
    assert {r["filename"] for r in json.loads(out)} == {"pkg/a.py"}
    write(tmp_path, "pyproject.toml", '[tool.convflip]\nignore = ["CNV1"]\n')
    assert cli(capsys, "check", ".")[0] == 0
    write(tmp_path, "pyproject.toml", '[tool.convflip]\nselct = ["CNV1"]\n')
    code, _, err = cli(capsys, "check", ".")
    assert code == 2 and "unknown key(s) in [tool.convflip]: selct" in err


def test_stdin(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flake8_convflip.cli", "check", "--stdin-filename", "s.py", "-"],
        input=WINDOW_VS_CONVOLVE,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stdout.startswith("s.py:5:15: CNV101 ")


def test_process_pool_gives_the_serial_results(tmp_path, monkeypatch) -> None:
    paths = [str(write(tmp_path, f"m{i}.py", WINDOW_VS_CONVOLVE)) for i in range(6)]
    paths.append(str(write(tmp_path, "clean.py", "x = 1\n")))
    options = Options(Config(root=tmp_path), frozenset({"CNV101"}))
    serial = run_files(check_file, paths, options, jobs=1, progress=Progress(7, enabled=False))
    monkeypatch.setattr(runner, "PARALLEL_MIN_FILES", 2)
    pooled = run_files(check_file, paths, options, jobs=2, progress=Progress(7, enabled=False))
    assert [o.records for o in pooled] == [o.records for o in serial]
    assert sum(len(o.records) for o in serial) == 6


def test_progress_bar_only_on_a_terminal(capsys) -> None:
    class Terminal:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    tty = Terminal()
    bar = Progress(2, stream=tty)
    bar.step()
    assert "1/2 files" in tty.text
    import io

    quiet = io.StringIO()
    Progress(2, stream=quiet).step()
    assert quiet.getvalue() == ""


def test_pre_commit_runs_serially(monkeypatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert runner.default_jobs() == 1
