"""``check``'s ``[*]`` promises only what ``fix`` applies (issue 11).

A fix is marked fixable only when it passes the fixer's reach rail, judged on the
check's own analysis: an edit outside the finding's statement that is not the value a
statement of its own computes is refused by ``fix``, so ``check`` does not mark it.
Only the re-check rail (a new finding, or a changed line nothing pointed at, in the
fixed text) cannot be judged without fixing; that is the one way a marked fix may still
be left out.
"""

from __future__ import annotations

import ast
import json
import textwrap

import pytest

from flake8_convflip.codes import DEFAULT_ENABLED
from flake8_convflip.engine import Engine
from flake8_convflip.fix import rails
from flake8_convflip.fix.apply import fix_source
from flake8_convflip.rules import load_rules
from flake8_convflip.rules.base import Invalid

from .helpers import ROOT, cli


def corpus() -> list[str]:
    """The examples, the fixtures and every rule example."""
    texts = [
        p.read_text() for d in ("examples", "tests/fixtures") for p in (ROOT / d).glob("*.py")
    ]
    for rule in load_rules().values():
        for example in (*rule.VALID, *rule.INVALID):
            texts.append(
                textwrap.dedent(example.code if isinstance(example, Invalid) else example)
            )
    return texts


OUT_OF_REACH = """\
import numpy as np
from scipy import signal


def test_corner(pic, taps):
    mine = (pic[:3, :3] * taps).sum()
    np.testing.assert_allclose(mine, signal.convolve2d(pic, taps, "valid")[0, 0])
"""


def test_a_fix_out_of_reach_is_not_marked(tmp_path, monkeypatch, capsys) -> None:
    """Line 6's window: the fix would edit part of the assert on line 7."""
    (tmp_path / "corner.py").write_text(OUT_OF_REACH, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out, _ = cli(capsys, "check", "--unsafe-fixes", "--output-format", "json", ".")
    fixes = {(e["filename"], e["location"]["row"], e["code"]): e["fix"] for e in json.loads(out)}
    assert fixes[("corner.py", 6, "CNV101")] is None
    _, text, _ = cli(capsys, "check", "--unsafe-fixes", "corner.py")
    assert "corner.py:6:12: CNV101 this window" in text  # no [*]
    _, out, err = cli(capsys, "fix", "--unsafe-fixes", "--diff", "corner.py")
    fixed = out + err
    assert "Nothing to fix." in fixed  # fix agrees, and no longer marks it [*] either
    assert "corner.py:6:12: CNV101 this window" in fixed
    assert "corner.py:6: CNV101 (not applied: its edit on line 7" in fixed


def test_a_check_in_another_function_is_reported_and_fixed_there(monkeypatch, capsys) -> None:
    """window_checks.py: the helper's window is a correlation; the test that checks it
    against convolve2d is the mistake, so the finding and its fix are on that call."""
    monkeypatch.chdir(ROOT / "examples")
    _, out, _ = cli(capsys, "check", "--unsafe-fixes", "--output-format", "json", ".")
    fixes = {(e["filename"], e["location"]["row"], e["code"]): e["fix"] for e in json.loads(out)}
    assert fixes[("window_checks.py", 20, "CNV101")]["applicability"] == "unsafe"
    assert fixes[("seed_question.py", 20, "CNV101")]["applicability"] == "unsafe"
    _, text, _ = cli(capsys, "check", "--unsafe-fixes", "window_checks.py")
    assert "window_checks.py:20:33: CNV101 [*] naive_valid() sums windows" in text


def _key(finding) -> tuple[int, int, str]:
    return finding.line, finding.col, finding.code


@pytest.mark.slow
def test_marks_agree_with_the_fixer_on_every_example() -> None:
    """Over the examples, fixtures and rule examples: every fix ``fix`` applies is
    marked, and a marked fix it leaves out was rolled back by the re-check rail."""
    marked_total = applied_total = 0
    for text in corpus():
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        analysis = Engine(DEFAULT_ENABLED).lint_analysis(text, tree)
        if not any(f.fix is not None for f in analysis.findings):
            continue
        reached = rails.within_reach(analysis.module, analysis.positions, analysis.findings, tree)
        marked = {_key(f) for f in reached}
        result = fix_source(text, DEFAULT_ENABLED, unsafe=True)
        applied = {_key(f) for f in result.applied}
        assert applied <= marked, text
        why = {_key(f): reason for f, reason in result.refused}
        for key in marked - applied:
            assert why.get(key, "").startswith("rolled back: "), (key, why.get(key), text)
        marked_total += len(marked)
        applied_total += len(applied)
    assert applied_total >= 60 and marked_total - applied_total <= 5  # 70 and 2 when written


@pytest.mark.slow
def test_the_check_judgement_is_the_fixers_reach_rail() -> None:
    """On the check's positions (innermost statements) and on the fixer's (whole
    top-level statements), the reach rail lets the same findings through."""
    compared = 0
    for text in corpus():
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        check = Engine(DEFAULT_ENABLED).lint_analysis(text, tree)
        if check.module is None or not any(f.fix is not None for f in check.findings):
            continue
        fixer = Engine(DEFAULT_ENABLED, statement_positions=True).lint_analysis(text, tree)
        statements = rails.Statements(fixer.module, fixer.positions)
        by_fixer = {
            _key(f)
            for f in fixer.findings
            if f.fix is not None and rails.out_of_reach(f, statements) is None
        }
        by_check = {
            _key(f)
            for f in rails.within_reach(check.module, check.positions, check.findings, tree)
        }
        assert by_check == by_fixer, text
        compared += len(by_fixer)
    assert compared >= 60
