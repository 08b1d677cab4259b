"""Messages and adoption flags (issue 10): each reproduction of a wrong message is a test."""

from __future__ import annotations

import json

import pytest

from flake8_convflip.cli import main
from flake8_convflip.cli.output import plural

from .helpers import SEED, WINDOW_VS_CONVOLVE, cli, write

# The fix of CNV101 edits the convolve2d call, whose line carries a noqa for CNV101:
# the finding (on the window sum) is reported, but its fix is blocked.
NOQA_BLOCKS_THE_FIX = """\
import numpy as np
from scipy.signal import convolve2d

def compare(plane, taps):
    by_hand = (plane[:3, :3] * taps).sum()
    library = convolve2d(plane, taps, "valid")  # noqa: CNV101
    print(by_hand, library[0, 0])
    return by_hand, library[0, 0]
"""

SAFE_FIX = """\
import numpy as np
from scipy.signal import convolve2d

patch = np.random.rand(3, 5)
score = convolve2d(frame, patch[::-1, ::-1], "full")
"""


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_plural_of_fix_is_fixes() -> None:
    assert plural(2, "unsafe fix", "unsafe fixes") == "2 unsafe fixes"
    assert plural(1, "unsafe fix", "unsafe fixes") == "1 unsafe fix"


def test_held_back_message_says_fixes(here, capsys) -> None:
    write(here, "a.py", WINDOW_VS_CONVOLVE)
    write(here, "b.py", WINDOW_VS_CONVOLVE)
    _, out, _ = cli(capsys, "fix", ".")
    assert "2 unsafe fixes held back; run `convflip fix --unsafe-fixes` to apply them" in out
    assert "fixs" not in out


def test_fix_diff_says_would_fix_and_writes_nothing(here, capsys) -> None:
    path = write(here, "a.py", WINDOW_VS_CONVOLVE)
    code, out, err = cli(capsys, "fix", "--unsafe-fixes", "--diff", "a.py")
    assert code == 1
    assert "+    library = xcorr2d(plane, taps" in out
    assert "Would fix 1 finding in 1 file:" in err
    assert "Fixed" not in err
    assert path.read_text() == WINDOW_VS_CONVOLVE


def test_a_fix_blocked_by_noqa_is_neither_marked_nor_counted(here, capsys) -> None:
    write(here, "blocked.py", NOQA_BLOCKS_THE_FIX)
    _, out, _ = cli(capsys, "check", "--unsafe-fixes", "blocked.py")
    first, summary = out.splitlines()
    assert first.startswith("blocked.py:5:15: CNV101 this window")  # no [*]
    assert summary == "Found 1 finding: 0 fixable with `convflip fix`."
    _, data, _ = cli(capsys, "check", "--format", "json", "blocked.py")
    assert json.loads(data)[0]["fix"] is None


def test_unsafe_fixes_flag_does_not_count_them_as_plain_fix(here, capsys) -> None:
    write(here, "a.py", WINDOW_VS_CONVOLVE)
    write(here, "safe.py", SAFE_FIX)
    select = ("--extend-select", "CNV501")
    write(here, "pyproject.toml", '[tool.convflip]\nfix-target = "scipy"\n')
    _, out, _ = cli(capsys, "check", "--unsafe-fixes", *select, ".")
    assert "a.py:5:15: CNV101 [*] " in out  # the flag marks unsafe fixes
    assert out.splitlines()[-1] == (
        "Found 2 findings: 1 fixable with `convflip fix`, "
        "1 more with `convflip fix --unsafe-fixes`."
    )
    # with unsafe-fixes in the config, plain `convflip fix` does apply them
    config = '[tool.convflip]\nfix-target = "scipy"\nunsafe-fixes = true\n'
    write(here, "pyproject.toml", config)
    _, out, _ = cli(capsys, "check", *select, ".")
    assert out.splitlines()[-1] == "Found 2 findings: 2 fixable with `convflip fix`."


def test_unparsable_file_is_an_entry_in_text_and_json(here, capsys) -> None:
    write(here, "broken.py", "def oops(:\n    pass\n")
    code, out, err = cli(capsys, "check", "broken.py")
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "broken.py:1:10: E999 cannot parse: SyntaxError: invalid syntax",
        "1 file could not be checked (see the errors above).",
    ]
    code, out, _ = cli(capsys, "check", "--format", "json", "broken.py")
    (entry,) = json.loads(out)
    assert (entry["code"], entry["severity"], entry["location"]) == (
        "E999",
        "error",
        {"row": 1, "column": 10},
    )


def test_config_error_names_the_real_key(here, capsys) -> None:
    write(here, "a.py", "x = 1\n")
    write(here, "pyproject.toml", '[tool.convflip]\nper-file-ignores = { "tests/*" = ["E501"] }\n')
    code, _, err = cli(capsys, "check", ".")
    assert code == 2
    assert 'tool.convflip.per-file-ignores."tests/*" names no convflip code' in err
    assert "tool.convflip.codes" not in err


def test_extend_exclude_is_read(here, capsys) -> None:
    write(here, "gen/a.py", WINDOW_VS_CONVOLVE)
    write(here, "pyproject.toml", '[tool.convflip]\nextend-exclude = ["gen/"]\n')
    assert cli(capsys, "check", ".") == (0, "No findings in 0 files.\n", "")


def test_exit_zero_quiet_statistics_version(here, capsys) -> None:
    write(here, "a.py", WINDOW_VS_CONVOLVE)
    write(here, "b.py", WINDOW_VS_CONVOLVE)
    code, out, _ = cli(capsys, "check", "--exit-zero", "-q", ".")
    assert code == 0
    assert [line[:13] for line in out.splitlines()] == ["a.py:5:15: CN", "b.py:5:15: CN"]
    code, out, _ = cli(capsys, "check", "--statistics", ".")
    assert code == 1
    assert out.splitlines()[0] == "2\tCNV101\t    hand-rolled-correlation-window"
    assert out.splitlines()[1].startswith("Found 2 findings")
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("convflip 0.")


def test_exit_zero_keeps_exit_2_for_internal_errors(here, capsys, monkeypatch) -> None:
    from flake8_convflip.cli import runner

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(runner.Engine, "lint_analysis", broken)
    write(here, "a.py", WINDOW_VS_CONVOLVE)
    code, out, _ = cli(capsys, "check", "--exit-zero", "a.py")
    assert code == 2
    assert "a.py:1:1: CNV000 internal error (please report): RuntimeError: boom" in out


def test_no_arguments_prints_help_like_ruff(capsys) -> None:
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("usage: convflip")
    assert "check" in err and "explain" in err


def test_format_alias_and_text_alias(here, capsys) -> None:
    write(here, "a.py", WINDOW_VS_CONVOLVE)
    _, new, _ = cli(capsys, "check", "--output-format", "concise", "a.py")
    _, old, _ = cli(capsys, "check", "--format", "text", "a.py")
    assert new == old and new.startswith("a.py:5:15: CNV101 ")


def test_seed_summary_unchanged(capsys, monkeypatch) -> None:
    monkeypatch.chdir(SEED.parent)
    _, out, _ = cli(capsys, "check", SEED.name)
    assert out.splitlines()[-1] == (
        "Found 1 finding: 0 fixable with `convflip fix`, 1 more with "
        "`convflip fix --unsafe-fixes`."
    )
