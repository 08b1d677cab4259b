"""The gate is a superset of the analysis, and ``check`` and ``fix`` agree.

On every rule example and fixture file, and on a seeded sample of the metamorphic
rewrite outputs (``REWRITE_SHARE`` of the (subject, rewrite) pairs, to keep the suite
fast), with the default codes and with every code:

* ``engine.lint_source`` (gated) reports exactly what ``engine.analyze`` (ungated) does;
* on the examples and fixtures, with the default codes (what the command runs),
  ``convflip check`` reports exactly the findings ``convflip fix`` works from (see
  :mod:`consistency.agreement`).

Disagreements known today are listed in ``known_disagreements.txt`` and marked
``xfail`` (not strict); regenerate that file, never edit it, with:

    python tests/consistency/regenerate_known_disagreements.py
"""

from __future__ import annotations

import pytest
from metamorphic.cases import subjects

from consistency.agreement import check_vs_fix, gated_vs_ungated
from consistency.subjects import (
    CODE_SETS,
    load_known_disagreements,
    originals,
    rewritten_sample,
)

KNOWN = load_known_disagreements()


def _params(sources, check: str, code_sets=tuple(CODE_SETS)):
    for ident, source in sources:
        for name in code_sets:
            reason = KNOWN.get((check, ident, name))
            marks = [pytest.mark.xfail(strict=False, reason=reason)] if reason else []
            yield pytest.param(source, name, id=f"{ident}-{name}", marks=marks)


@pytest.mark.parametrize(
    ("source", "codes"), list(_params([*originals(), *rewritten_sample()], "gate"))
)
def test_gated_findings_equal_ungated(source: str, codes: str) -> None:
    only_gated, only_ungated = gated_vs_ungated(source, CODE_SETS[codes])
    assert not only_gated, f"reported through the gate only: {only_gated}"
    assert not only_ungated, f"the gate dropped: {only_ungated}"


@pytest.mark.parametrize(("source", "codes"), list(_params(originals(), "cli", ("default",))))
def test_check_reports_what_fix_sees(source: str, codes: str) -> None:
    only_check, only_fix = check_vs_fix(source, CODE_SETS[codes])
    assert not only_check, f"check reports findings the fixer does not see: {only_check}"
    assert not only_fix, f"the fixer sees findings check does not report: {only_fix}"


def _alone():
    for subject in subjects():
        if subject.rule:
            yield pytest.param(subject.source, subject.rule, id=f"{subject.ident}-alone")


@pytest.mark.parametrize(("source", "code"), list(_alone()))
def test_a_rule_selected_alone_is_gated_like_the_analysis(source: str, code: str) -> None:
    """``--select CNV302`` alone: the gate decides on fewer rules' predicates (the flip
    rules' flow walk runs only then), and must still pass every file the rule reports."""
    only_gated, only_ungated = gated_vs_ungated(source, frozenset({code}))
    assert not only_gated, f"reported through the gate only: {only_gated}"
    assert not only_ungated, f"the gate dropped: {only_ungated}"
