"""The rails beyond a rule's own judgement (fix/rails.py), tested with injected bad fixes.

* reach: a fix edits its finding's statement, or the value a statement of its own
  computes; never an operand of another statement's expression;
* re-check: a pass that makes a new finding appear, or changes a line no finding or
  edit pointed at, is rolled back, and the CLI says which fix and why.
"""

from __future__ import annotations

import libcst as cst
import pytest

from flake8_convflip.cli import main
from flake8_convflip.fix import apply
from flake8_convflip.fix.apply import fix_source
from flake8_convflip.rules.handrolled_window import HandRolledWindow
from flake8_convflip.types import Edit, Fix

# the window sum on line 5 is what CNV101 reports; the convolution it is compared with
# is either a statement of its own (line 6) or one operand of a print on line 6
OWN_STATEMENT = """\
import numpy as np
from scipy.signal import convolve2d

def compare(plane, taps):
    by_hand = (plane[:3, :3] * taps).sum()
    library = convolve2d(plane, taps, "valid")[0, 0]
    print(by_hand, library)
"""

OPERAND = """\
import numpy as np
from scipy.signal import convolve2d

def compare(plane, taps):
    by_hand = (plane[:3, :3] * taps).sum()
    print((plane[:3, :3] * taps[::-1, ::-1]).sum(), convolve2d(plane, taps, "valid")[0, 0])
    print(by_hand)
"""


def _inject(monkeypatch, make_replacement) -> None:
    """CNV101 reports the window and rewrites the compared call with ``make_replacement``."""

    def report(self, window, call):
        fix = Fix(
            safe=False,
            title="injected",
            edits=(Edit(call.node, make_replacement(call.node)),),
        )
        self.report(window.node, self.MESSAGE.format(api="convolve2d"), fix)

    monkeypatch.setattr(HandRolledWindow, "_report", report)


def _renamed(node: cst.Call) -> cst.Call:
    return node.with_changes(func=cst.Name("correlate2d_injected"))


def _reached_by_pairing(source: str, monkeypatch) -> apply.FixResult:
    _inject(monkeypatch, _renamed)
    return fix_source(source, ["CNV101"], unsafe=True)


def test_a_fix_may_replace_the_value_a_statement_of_its_own_computes(monkeypatch) -> None:
    result = _reached_by_pairing(OWN_STATEMENT, monkeypatch)
    assert [f.code for f in result.applied] == ["CNV101"]
    assert 'library = correlate2d_injected(plane, taps, "valid")[0, 0]' in result.source
    assert result.refused == []


def test_a_fix_never_edits_an_operand_of_another_statement(monkeypatch) -> None:
    from flake8_convflip.engine import analyze

    _inject(monkeypatch, _renamed)
    assert [f.line for f in analyze(OPERAND, ["CNV101"])] == [5]  # the injection fires
    result = fix_source(OPERAND, ["CNV101"], unsafe=True)
    assert result.source == OPERAND
    assert result.applied == []
    ((finding, reason),) = result.refused
    assert finding.code == "CNV101" and finding.line == 5
    assert reason == "not applied: its edit on line 6 is part of another statement's expression"
    assert [f.code for f in result.remaining] == ["CNV101"]


def test_a_fix_inside_its_own_statement_passes_the_reach_rail(monkeypatch) -> None:
    two_lines = (
        "    by_hand = (plane[:3, :3] * taps).sum()\n"
        '    library = convolve2d(plane, taps, "valid")[0, 0]\n'
    )
    one_line = (
        '    by_hand, library = (plane[:3, :3] * taps).sum(), convolve2d(plane, taps, "valid")\n'
    )
    same_line = OWN_STATEMENT.replace(two_lines, one_line)
    assert same_line != OWN_STATEMENT
    result = _reached_by_pairing(same_line, monkeypatch)
    assert [f.code for f in result.applied] == ["CNV101"]


def test_a_fix_that_makes_a_new_finding_is_rolled_back(monkeypatch) -> None:
    def half_flipped(node: cst.Call) -> cst.Call:  # k[::-1][::-1]: a CNV301 appears
        kernel = cst.parse_expression("taps[::-1][::-1]")
        args = [node.args[0], node.args[1].with_changes(value=kernel), *node.args[2:]]
        return node.with_changes(args=args)

    _inject(monkeypatch, half_flipped)
    result = fix_source(OWN_STATEMENT, ["CNV101", "CNV301"], unsafe=True)
    assert result.source == OWN_STATEMENT
    ((finding, reason),) = result.refused
    assert finding.code == "CNV101"
    assert reason == "rolled back: re-check found a new CNV301 on line 6"


def test_a_pass_that_changes_a_line_nothing_pointed_at_is_rolled_back(monkeypatch) -> None:
    real = apply._with_imports

    def meddling(module, fixes):  # a bug in the fix path: it also edits the last line
        module = real(module, fixes)
        code = module.code.replace("print(by_hand, library)", "print(library)")
        return cst.parse_module(code)

    monkeypatch.setattr(apply, "_with_imports", meddling)
    _inject(monkeypatch, _renamed)
    result = fix_source(OWN_STATEMENT, ["CNV101"], unsafe=True)
    assert result.source == OWN_STATEMENT
    ((_, reason),) = result.refused
    assert reason == "rolled back: it changed line 7, which no finding pointed at"


def test_only_the_bad_fix_of_a_pass_is_rolled_back(monkeypatch) -> None:
    two = OWN_STATEMENT + OWN_STATEMENT.split("\n\n", 1)[1].replace("compare", "again")

    calls: list[cst.Call] = []

    def report(self, window, call):
        calls.append(call.node)
        if len(calls) == 1:
            replacement = _renamed(call.node)
        else:
            kernel = cst.parse_expression("taps[::-1][::-1]")
            args = [call.node.args[0], call.node.args[1].with_changes(value=kernel)]
            replacement = call.node.with_changes(args=[*args, *call.node.args[2:]])
        fix = Fix(safe=False, title="injected", edits=(Edit(call.node, replacement),))
        self.report(window.node, self.MESSAGE.format(api="convolve2d"), fix)

    monkeypatch.setattr(HandRolledWindow, "_report", report)
    result = fix_source(two, ["CNV101", "CNV301"], unsafe=True)
    assert [f.line for f in result.applied] == [5]
    assert [(f.line, why) for f, why in result.refused] == [
        (9, "rolled back: re-check found a new CNV301 on line 10")
    ]
    assert "correlate2d_injected(plane, taps" in result.source
    assert "taps[::-1][::-1]" not in result.source


def test_the_cli_reports_what_the_rails_stopped(monkeypatch, tmp_path, capsys) -> None:
    _inject(monkeypatch, _renamed)
    path = tmp_path / "operand.py"
    path.write_text(OPERAND)
    assert main(["fix", "--unsafe-fixes", str(path)]) == 1
    out = capsys.readouterr().out
    assert path.read_text() == OPERAND
    assert "1 fix stopped by the fix rails:" in out
    assert (
        f"  {path}:5: CNV101 (not applied: its edit on line 6 is part of another "
        "statement's expression)"
    ) in out


@pytest.mark.parametrize("source", [OWN_STATEMENT, OPERAND])
def test_the_rails_keep_the_real_cnv101_fixes(source: str) -> None:
    """Without injection: the real fix of the seed pattern still applies where it may."""
    result = fix_source(source, ["CNV101"], unsafe=True)
    assert result.error is None
    if source is OWN_STATEMENT:
        assert [f.code for f in result.applied] == ["CNV101"]
    else:
        assert result.source == source
