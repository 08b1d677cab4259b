"""An internal error is a visible CNV000 finding, never a crash and never silence.

A rule is made to fail (its ``run`` raises) and the failure must show up through the
engine, through flake8 (a subprocess with the plugin loaded) and through
``convflip check``; files nested deeper than Python's default recursion limit allows
must keep their other findings, and files over the budget are reported as skipped.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flake8_convflip.budget import Budget, measure, over_budget
from flake8_convflip.codes import ALL_CODES, DEFAULT_ENABLED, INTERNAL_CODE, enabled_codes
from flake8_convflip.engine import Engine, check_source, lint_source
from flake8_convflip.fix.apply import fix_source
from flake8_convflip.rules.handrolled_window import HandRolledWindow

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "examples" / "seed_question.py").read_text()


def _boom(self) -> None:
    raise ValueError("injected\nfailure")


def test_a_failing_rule_is_one_cnv000_finding_and_the_others_still_report(monkeypatch) -> None:
    monkeypatch.setattr(HandRolledWindow, "run", _boom)
    source = SEED + '\n\ndef backward(x, dy):\n    return convolve2d(x, dy[::-1][::-1], "valid")\n'
    findings = lint_source(source, DEFAULT_ENABLED)
    internal = [f for f in findings if f.code == INTERNAL_CODE]
    assert [(f.line, f.col, f.message) for f in internal] == [
        (
            1,
            1,
            "CNV000 internal error in CNV101 (please report): ValueError: injected failure",
        )
    ]
    assert any(f.code == "CNV301" for f in findings), findings  # the other rules ran


def test_cnv000_follows_select_and_ignore(monkeypatch) -> None:
    monkeypatch.setattr(HandRolledWindow, "run", _boom)
    assert INTERNAL_CODE in ALL_CODES and INTERNAL_CODE in DEFAULT_ENABLED
    quiet = enabled_codes(ignore=["CNV000"])
    assert all(f.code != INTERNAL_CODE for f in lint_source(SEED, quiet))
    assert any(f.code == INTERNAL_CODE for f in check_source("# a header\n" + SEED))
    assert all(f.code != INTERNAL_CODE for f in check_source("# noqa: CNV000\n" + SEED))


def test_a_failing_rule_under_the_cli_fix_leaves_the_file_and_says_so(monkeypatch) -> None:
    monkeypatch.setattr(HandRolledWindow, "run", _boom)
    result = fix_source(SEED, DEFAULT_ENABLED, unsafe=True)
    assert result.source == SEED
    assert [f.code for f in result.remaining] == [INTERNAL_CODE]


_INJECT = """
import sys
from flake8_convflip.rules.handrolled_window import HandRolledWindow

def boom(self):
    raise ValueError("injected failure")

HandRolledWindow.run = boom
"""


def _run(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _INJECT + code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_flake8_reports_the_failing_rule(tmp_path: Path) -> None:
    (tmp_path / "seed.py").write_text(SEED)
    ran = _run(
        "from flake8.main.cli import main\nsys.exit(main(sys.argv[1:]))",
        "--isolated",
        "-j1",
        "--select",
        "CNV",
        "seed.py",
        cwd=tmp_path,
    )
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.returncode == 1
    assert (
        "seed.py:1:1: CNV000 internal error in CNV101 (please report): "
        "ValueError: injected failure"
    ) in ran.stdout


def test_flake8_ignore_drops_cnv000(tmp_path: Path) -> None:
    (tmp_path / "seed.py").write_text(SEED)
    ran = _run(
        "from flake8.main.cli import main\nsys.exit(main(sys.argv[1:]))",
        "--isolated",
        "-j1",
        "--select",
        "CNV",
        "--extend-ignore",
        "CNV000",
        "seed.py",
        cwd=tmp_path,
    )
    assert "CNV000" not in ran.stdout and "Traceback" not in ran.stderr


def test_convflip_check_reports_the_failing_rule_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "seed.py").write_text(SEED)
    (tmp_path / "other.py").write_text("from scipy.signal import convolve2d\nk = [[1, 2]]\n")
    ran = _run(
        "from flake8_convflip.cli import main\nsys.exit(main(sys.argv[1:]))",
        "check",
        "--jobs",
        "1",
        ".",
        cwd=tmp_path,
    )
    assert "Traceback" not in ran.stderr, ran.stderr
    assert "CNV000 internal error in CNV101 (please report): ValueError: injected failure" in (
        ran.stdout
    )
    assert ran.returncode == 2


# Sums, subscripts and other chains 400 to 1,000 deep (the fault campaign's mutants).
_DEEP = {
    "sum": lambda n: " + ".join(["x"] * n),
    "subscript": lambda n: "x" + "[0]" * n,
    "attribute": lambda n: "x" + ".a" * n,
    "power": lambda n: "**".join(["x"] * n),
    "unary": lambda n: "-" * n + "x",
    "conditional": lambda n: "x if y else " * n + "x",
}


@pytest.mark.slow
@pytest.mark.parametrize("depth", [400, 1000])
@pytest.mark.parametrize("shape", sorted(_DEEP))
def test_deep_nesting_keeps_the_files_findings(shape: str, depth: int) -> None:
    source = SEED + f"\nZ = {_DEEP[shape](depth)}\n"
    assert [(f.line, f.code) for f in lint_source(source, ALL_CODES)] == [(20, "CNV101")]


@pytest.mark.slow
def test_deep_nesting_fixes_like_a_shallow_file() -> None:
    source = SEED + f"\nZ = {_DEEP['sum'](1000)}\n"
    result = fix_source(source, DEFAULT_ENABLED, unsafe=True)
    assert result.error is None
    assert [f.code for f in result.applied] == ["CNV101"]
    assert result.source.endswith(f"\nZ = {_DEEP['sum'](1000)}\n")


@pytest.mark.parametrize("depth", [1500, 20000])
def test_a_file_over_the_depth_budget_is_skipped_visibly(depth: int) -> None:
    source = SEED + f"\nZ = {_DEEP['sum'](depth)}\n"
    findings = lint_source(source, ALL_CODES)
    assert [f.code for f in findings] == [INTERNAL_CODE]
    assert findings[0].message.startswith("CNV000 file skipped: ")
    assert fix_source(source, DEFAULT_ENABLED).source == source


def test_the_node_budget_skips_a_file_before_libcst_parses_it() -> None:
    engine = Engine(DEFAULT_ENABLED, budget=Budget(nodes=50))
    findings = engine.lint(SEED)
    assert [f.message for f in findings] == [
        f"CNV000 file skipped: {measure(__import__('ast').parse(SEED)).nodes:,} syntax nodes "
        "exceed the budget of 50"
    ]
    assert engine.parses == 0


def test_the_time_budget_stops_the_analysis_visibly(monkeypatch) -> None:
    import time

    def slow(self) -> None:
        time.sleep(0.05)

    monkeypatch.setattr(HandRolledWindow, "run", slow)
    engine = Engine(DEFAULT_ENABLED, budget=Budget(seconds=0.01))
    findings = engine.lint(SEED + "\nZ = convolve2d(X, np.flipud(K))\n")
    assert [f.code for f in findings] == [INTERNAL_CODE]
    assert "took longer than 0.01 s" in findings[0].message


def test_budget_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="nodes must be positive"):
        Budget(nodes=0)
    assert over_budget(measure(__import__("ast").parse("x = 1")), Budget()) is None


def test_form_feed_before_an_indented_line_does_not_break_a_fixable_finding() -> None:
    """libcst takes its default indent ("\\x0c    ") from the first indented line."""
    source = textwrap.dedent(
        """\
        import numpy as np
        from scipy.signal import convolve2d

        def check(X, K):
        \x0c    print((X[:3, :3] * K).sum())
            Y = convolve2d(X, K, "valid")
            print(Y[0, 0])
        """
    )
    found = lint_source(source, DEFAULT_ENABLED)
    assert [f.code for f in found] == ["CNV101"] and found[0].fix is not None
    result = fix_source(source, DEFAULT_ENABLED, unsafe=True)
    assert result.error is None, result.error
    assert [f.code for f in result.applied] == ["CNV101"]
    compile(result.source, "fixed", "exec")


_SEPARATORS = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("odd", _SEPARATORS)
def test_noqa_lines_are_counted_as_python_counts_them(odd: str) -> None:
    """A non-newline line separator in a comment must not shift the noqa lookup."""
    source = textwrap.dedent(
        """\
        import numpy as np
        from scipy.signal import convolve2d
        # a comment with a separator: {odd} here

        def check(x, k):
            return convolve2d(x, k[::-1, ::-1], "valid")  # noqa: CNV501
        """
    ).replace("{odd}", odd)
    codes = DEFAULT_ENABLED | {"CNV501"}
    assert [f.code for f in lint_source(source, codes)] == ["CNV501"]
    assert check_source(source, codes) == []
    assert fix_source(source, codes, unsafe=True).source == source
