"""``fix`` says why it left a file alone in the words ``check`` uses (issue 11).

A file over the analysis budget (nesting depth, node count) is reported by ``check`` as
``CNV000 file skipped: ...``; ``fix`` used to call the same file one "libcst cannot
parse", whichever codes were enabled.  The fuzz run's mutants (a name wrapped in 1,300
unary minuses) found it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_convflip.codes import DEFAULT_ENABLED, INTERNAL_CODE
from flake8_convflip.fix.apply import fix_source

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed_question.py"
DEEP = SEED.read_text() + "\nZ = " + "-" * 1300 + "x\n"
REASON = "file skipped: nesting depth 1,304 exceeds the budget of 1,200"


@pytest.mark.parametrize("codes", [DEFAULT_ENABLED, DEFAULT_ENABLED - {INTERNAL_CODE}])
def test_fix_reports_the_budget_like_check(codes) -> None:
    result = fix_source(DEEP, codes, unsafe=True)
    assert result.error == REASON
    assert result.source == DEEP


def test_cnv000_off_hides_internal_findings_from_the_fixers_result(monkeypatch) -> None:
    from flake8_convflip.rules.handrolled_window import HandRolledWindow

    monkeypatch.setattr(HandRolledWindow, "run", lambda self: 1 / 0)
    quiet = fix_source(SEED.read_text(), DEFAULT_ENABLED - {INTERNAL_CODE}, unsafe=True)
    assert all(f.code != INTERNAL_CODE for f in quiet.remaining)
    loud = fix_source(SEED.read_text(), DEFAULT_ENABLED, unsafe=True)
    assert [f.code for f in loud.remaining] == [INTERNAL_CODE]
