"""Paths that cannot be checked (issue 11): one entry each, the other files still checked.

Every reproduction from the issue is a test: a symlink loop in a folder (it used to end
in an OSError traceback with nothing else checked), a dangling ``.py`` link (skipped
without a word), an unreadable file and folder, a link to a folder named like a file,
a non-UTF-8 file and a binary one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from flake8_convflip.cli import runner
from flake8_convflip.cli.runner import Options, Progress, check_file, run_files
from flake8_convflip.config import Config

from .helpers import WINDOW_VS_CONVOLVE, cli, run, write


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "lp/good.py", WINDOW_VS_CONVOLVE)
    (tmp_path / "lp" / "self.py").symlink_to("self.py")  # ln -s self.py lp/self.py
    (tmp_path / "lp" / "gone.py").symlink_to("nowhere.py")
    (tmp_path / "lp" / "folder.py").symlink_to(tmp_path / "lp")
    (tmp_path / "lp" / "latin.py").write_bytes(b"name = '\xe9t\xe9'\n")
    (tmp_path / "lp" / "blob.py").write_bytes(b"\x7fELF\x00\x01\x02")
    write(tmp_path, "lp/z_last.py", WINDOW_VS_CONVOLVE)
    return tmp_path


EXPECTED = {
    ("lp/blob.py", "E902", "cannot read: binary file (a NUL byte at offset 4)"),
    ("lp/folder.py", "E902", "cannot read: a symlink to a folder, not a file"),
    ("lp/gone.py", "E902", "cannot read: no such file (a dangling symlink?)"),
    ("lp/self.py", "E902", "cannot read: symlink loop"),
}


def _entries(out: str) -> set[tuple[str, str, str]]:
    return {(e["filename"], e["code"], e["message"]) for e in json.loads(out)}


def test_bad_paths_are_entries_and_the_rest_is_checked(tree, capsys) -> None:
    code, out, err = cli(capsys, "check", "--output-format", "json", "lp")
    entries = _entries(out)
    assert entries >= EXPECTED
    (latin,) = [e for e in entries if e[0] == "lp/latin.py"]
    assert latin[1] == "E902" and "not UTF-8 text (byte 0xe9 at offset 8)" in latin[2]
    assert {e[0] for e in entries if e[1] == "CNV101"} == {"lp/good.py", "lp/z_last.py"}
    assert code == 1 and err == ""


def test_text_output_one_line_per_bad_path(tree, capsys) -> None:
    code, out, _ = cli(capsys, "check", "lp")
    lines = out.splitlines()
    assert "lp/self.py:1:1: E902 cannot read: symlink loop" in lines
    assert len(lines) == 2 + 5 + 1  # two findings, five unreadable files, the summary
    assert lines[-1].endswith("5 files could not be checked (see the errors above).")
    assert code == 1


def test_no_traceback_in_a_real_process(tree) -> None:
    done = run("check", "lp", cwd=tree)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "lp/self.py:1:1: E902 cannot read: symlink loop" in done.stdout


def test_named_paths_that_cannot_be_read(tree, capsys) -> None:
    code, out, _ = cli(capsys, "check", "--output-format", "json", "lp/self.py", "missing.py")
    assert _entries(out) == {
        ("lp/self.py", "E902", "cannot read: symlink loop"),
        ("missing.py", "E902", "cannot read: no such file or folder"),
    }
    assert code == 1


def test_unreadable_file(tree, capsys, monkeypatch) -> None:
    target = (tree / "lp" / "good.py").resolve()
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.resolve() == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    _, out, _ = cli(capsys, "check", "--output-format", "json", "lp/good.py", "lp/z_last.py")
    assert _entries(out) >= {("lp/good.py", "E902", "cannot read: permission denied")}
    assert ("lp/z_last.py", "CNV101") in {(e[0], e[1]) for e in _entries(out)}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tree, capsys) -> None:  # pragma: no cover - not as root
    (tree / "lp" / "good.py").chmod(0)
    _, out, _ = cli(capsys, "check", "--output-format", "json", "lp/good.py")
    assert _entries(out) == {("lp/good.py", "E902", "cannot read: permission denied")}


def test_unreadable_folder(tree, capsys, monkeypatch) -> None:
    write(tree, "lp/locked/inner.py", WINDOW_VS_CONVOLVE)
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _, out, _ = cli(capsys, "check", "--output-format", "json", "lp")
    assert ("lp/locked", "E902", "cannot read folder: permission denied") in _entries(out)


def test_fix_reports_bad_paths_and_fixes_the_rest(tree, capsys) -> None:
    code, out, err = cli(capsys, "fix", "--unsafe-fixes", "lp")
    assert "lp/self.py:1:1: E902 cannot read: symlink loop" in err
    assert "Fixed 2 findings in 2 files:" in out
    assert "xcorr2d" in (tree / "lp" / "good.py").read_text()
    assert code == 1  # the unreadable files are still problems


def test_pool_and_serial_agree_on_error_entries(tree, monkeypatch) -> None:
    paths = ["lp/good.py", "lp/latin.py", "lp/blob.py", "lp/z_last.py"]
    options = Options(Config(root=tree), frozenset({"CNV101"}))
    serial = run_files(check_file, paths, options, jobs=1, progress=Progress(4, enabled=False))
    monkeypatch.setattr(runner, "PARALLEL_MIN_FILES", 2)
    pooled = run_files(check_file, paths, options, jobs=2, progress=Progress(4, enabled=False))
    assert [(o.error, o.records) for o in pooled] == [(o.error, o.records) for o in serial]
    assert [o.error is not None for o in serial] == [False, True, True, False]


def test_exit_2_only_for_internal_errors(tree, capsys, monkeypatch) -> None:
    assert cli(capsys, "check", "lp/self.py")[0] == 1
    monkeypatch.setattr(runner.Engine, "lint_analysis", lambda *a, **k: 1 / 0)
    code, out, _ = cli(capsys, "check", "lp/good.py", "lp/self.py")
    assert code == 2
    assert "lp/good.py:1:1: CNV000 internal error (please report): ZeroDivisionError" in out
    assert "lp/self.py:1:1: E902" in out
