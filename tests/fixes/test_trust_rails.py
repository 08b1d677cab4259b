"""The promises ``convflip fix`` makes about files: noqa, encoding, atomicity, imports."""

from __future__ import annotations

import os
import stat
import textwrap

import libcst as cst
import numpy as np
import pytest

from flake8_convflip.cli import main
from flake8_convflip.fix.apply import fix_source
from flake8_convflip.fix.files import read_source, write_atomic
from flake8_convflip.rules.handrolled_window import HandRolledWindow
from flake8_convflip.types import Edit, Fix

COMPARED = """\
import numpy as np
from scipy.signal import convolve2d

def compare(plane, taps):
    by_hand = (plane[:3, :3] * taps).sum()
    library = convolve2d(plane, taps, "valid")
    print(by_hand, library[0, 0])
    return by_hand, library[0, 0]
"""


def _fix(text: str, *args: str, tmp_path, capsys) -> tuple[int, bytes]:
    path = tmp_path / "subject.py"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    code = main(["fix", "--unsafe-fixes", *args, str(path)])
    capsys.readouterr()
    return code, path.read_bytes()


def _run(source: str):
    namespace: dict = {}
    exec(compile(source, "<fixed>", "exec"), namespace)
    rng = np.random.default_rng(1)
    return namespace["compare"](rng.integers(0, 5, (6, 6)), rng.integers(0, 5, (3, 3)))


@pytest.mark.parametrize(
    ("marker", "line"),
    [("  # noqa", 5), ("  # noqa: CNV101", 5), ("  # noqa:CNV1", 5), ("  # noqa: CNV101", 6)],
)
def test_noqa_on_the_reported_or_edited_line_blocks_the_fix(marker, line, tmp_path, capsys):
    lines = COMPARED.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].rstrip("\n") + marker + "\n"
    text = "".join(lines)
    _, after = _fix(text, tmp_path=tmp_path, capsys=capsys)
    assert after.decode() == text


def test_noqa_for_another_code_does_not_block(tmp_path, capsys):
    text = COMPARED.replace('"valid")\n', '"valid")  # noqa: E501\n')
    _, after = _fix(text, tmp_path=tmp_path, capsys=capsys)
    assert b"xcorr2d(plane, taps" in after


def test_bom_crlf_cookie_and_permissions_survive(tmp_path, capsys):
    latin = "# -*- coding: latin-1 -*-\n# Fehlerprüfung\n" + COMPARED
    body = latin.replace("\n", "\r\n").encode("latin-1")
    path = tmp_path / "subject.py"
    path.write_bytes(body)
    path.chmod(0o754)
    assert main(["fix", "--unsafe-fixes", str(path)]) == 0
    after = path.read_bytes()
    assert after.count(b"\r\n") == after.count(b"\n") and b"xcorr2d(" in after
    assert "prüfung".encode("latin-1") in after
    assert stat.S_IMODE(path.stat().st_mode) == 0o754

    bom = b"\xef\xbb\xbf" + COMPARED.encode()
    code, fixed = _fix(bom, tmp_path=tmp_path, capsys=capsys)
    assert code == 0 and fixed.startswith(b"\xef\xbb\xbf") and fixed.count(b"\xef\xbb\xbf") == 1
    assert b"xcorr2d(" in fixed
    capsys.readouterr()


def test_output_that_does_not_parse_is_never_written(tmp_path, capsys, monkeypatch):
    def broken_report(self, window, call):
        bad = cst.parse_expression("await plane")  # libcst parses it; compile() refuses
        fix = Fix(safe=True, title="break it", edits=(Edit(call.node, bad),))
        self.report(window.node, self.MESSAGE.format(api="x"), fix)

    monkeypatch.setattr(HandRolledWindow, "_report", broken_report)
    path = tmp_path / "subject.py"
    path.write_text(COMPARED)
    assert main(["fix", str(path)]) == 1
    assert path.read_text() == COMPARED
    report = capsys.readouterr().out
    assert "1 fix stopped by the fix rails:" in report
    assert "CNV101 (rolled back: the fixed code does not parse or compile)" in report
    assert [p.name for p in tmp_path.iterdir()] == ["subject.py"]  # no temp file left


def test_diff_writes_nothing_and_exits_1(tmp_path, capsys):
    path = tmp_path / "subject.py"
    path.write_text(COMPARED)
    before = path.stat().st_mtime_ns
    assert main(["fix", "--unsafe-fixes", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert '-    library = convolve2d(plane, taps, "valid")' in out
    assert '+    library = xcorr2d(plane, taps, "valid")' in out
    assert path.read_text() == COMPARED and path.stat().st_mtime_ns == before
    assert main(["fix", "--diff", str(path)]) == 0  # nothing safe to apply: empty diff


def test_second_run_is_a_no_op(tmp_path, capsys):
    _, once = _fix(COMPARED, tmp_path=tmp_path, capsys=capsys)
    code, twice = _fix(once.decode(), tmp_path=tmp_path, capsys=capsys)
    assert code == 0 and twice == once


def test_existing_module_alias_is_reused():
    text = COMPARED.replace("import numpy as np\n", "import numpy as np\nimport convflip as cf\n")
    fixed = fix_source(text, ["CNV101"], unsafe=True).source
    assert 'library = cf.xcorr2d(plane, taps, "valid")' in fixed
    assert "from convflip import" not in fixed
    by_hand, library = _run(fixed)
    assert by_hand == library


def test_new_import_added_once_and_unused_import_removed():
    twice = COMPARED + textwrap.dedent(
        """
        def again(pic, weights):
            mine = (pic[:3, :3] * weights).sum()
            theirs = convolve2d(pic, weights, "valid")
            assert mine == theirs[0, 0]
        """
    )
    fixed = fix_source(twice, ["CNV101"], unsafe=True).source
    assert fixed.count("from convflip import xcorr2d") == 1
    assert "convolve2d" not in fixed


def test_import_still_used_elsewhere_is_kept():
    text = COMPARED + "\nsmooth = convolve2d(np.ones((4, 4)), np.ones((2, 2)))\n"
    fixed = fix_source(text, ["CNV101"], unsafe=True).source
    assert "from scipy.signal import convolve2d" in fixed
    by_hand, library = _run(fixed)
    assert by_hand == library


@pytest.mark.parametrize("target", ["convflip", "scipy"])
def test_module_alias_import_never_breaks_a_name(target):
    text = COMPARED.replace("from scipy.signal import convolve2d", "import scipy.signal as ss")
    text = text.replace("convolve2d(plane", "ss.convolve2d(plane")
    fixed = fix_source(text, ["CNV101"], unsafe=True, fix_target=target).source
    assert fixed != text
    expected = "ss.convolve2d(plane, taps[::-1, ::-1]" if target == "scipy" else "xcorr2d(plane"
    assert expected in fixed
    by_hand, library = _run(fixed)  # no NameError, and the comparison now agrees
    assert by_hand == library


def test_write_atomic_keeps_symlinks_and_mode(tmp_path):
    real = tmp_path / "real.py"
    real.write_text("a = 1\n")
    real.chmod(0o640)
    link = tmp_path / "link.py"
    link.symlink_to(real)
    write_atomic(link, b"a = 2\n")
    assert link.is_symlink() and real.read_text() == "a = 2\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["link.py", "real.py"]


def test_read_source_reports_the_declared_encoding(tmp_path):
    path = tmp_path / "enc.py"
    path.write_bytes("# coding: latin-1\nname = 'é'\n".encode("latin-1"))
    source = read_source(path)
    assert source.encoding == "iso-8859-1" and "é" in source.text


def test_stdin_fix_prints_the_fixed_text_or_the_input_unchanged(tmp_path):
    import subprocess
    import sys

    def fix_stdin(text: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "flake8_convflip.cli", "fix", "--unsafe-fixes", "-"]
        return subprocess.run(command, input=text, capture_output=True, text=True, cwd=tmp_path)

    fixed = fix_stdin(COMPARED)
    assert fixed.returncode == 0 and 'library = xcorr2d(plane, taps, "valid")' in fixed.stdout
    assert "Fixed 1 finding" in fixed.stderr
    broken = COMPARED + "def oops(:\n"
    kept = fix_stdin(broken)
    assert kept.returncode == 1 and kept.stdout == broken and "cannot parse" in kept.stderr


NOQA_IMPORT = """\
import numpy as np
from scipy.signal import convolve2d{marker}

np.random.seed(0)
patch = np.random.rand(3, 5)
out = convolve2d(frame, patch[::-1, ::-1], "full")
"""


@pytest.mark.parametrize(
    "marker", ["  # noqa: F401", "  # noqa", ", correlate2d  # noqa: F401, CNV501"]
)
def test_import_clean_up_keeps_noqa_import_lines(marker: str) -> None:
    """A re-export (``# noqa: F401`` in a package ``__init__``) is never deleted or edited."""
    source = NOQA_IMPORT.format(marker=marker)
    result = fix_source(source, ["CNV501"], unsafe=True)
    assert [f.code for f in result.applied] == ["CNV501"]
    assert 'out = xcorr2d(frame, patch, "full")' in result.source
    assert f"from scipy.signal import convolve2d{marker}\n" in result.source


def test_import_clean_up_still_removes_an_import_without_noqa() -> None:
    result = fix_source(NOQA_IMPORT.format(marker=""), ["CNV501"], unsafe=True)
    assert "convolve2d" not in result.source
    assert "from convflip import xcorr2d\n" in result.source


def test_hidden_statements_come_back_byte_for_byte() -> None:
    """The import visitors see stand-ins for statements without imports (speed)."""
    body = "".join(f"\n# block {i}\ndef helper_{i}(a):\n    return a + {i}\n" for i in range(30))
    table = "TABLE = [" + ", ".join(str(n) for n in range(3000)) + "]\n"
    source = '"""Doc."""\n' + NOQA_IMPORT.format(marker="") + body + table
    result = fix_source(source, ["CNV501"], unsafe=True)
    assert result.source.startswith(
        '"""Doc."""\nimport numpy as np\nfrom convflip import xcorr2d\n'
    )
    assert result.source.endswith(body + table)
